package energy.vgf.cli.lakehouse;

import energy.vgf.report.CronSchedule;
import energy.vgf.report.StatementReport;
import energy.vgf.settlement.SettlementConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.catalog.Catalog;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./vgf report --period 2026-07 --fleet fleet-01}: the fleet's statement as HTML (SVG charts), CSV and PDF.
 * With {@code --schedule}, runs as a service writing every fleet's statement for the previous month whenever the
 * cron expression {@code report.schedule} of the configuration fires (program time zone).
 */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Settlement statements (HTML with charts, CSV, PDF) for a fleet and month, once or on the configured cron schedule.")
public final class ReportCommand implements Callable<Integer> {

  @Mixin
  LakeOptions lake = new LakeOptions();

  @Option(names = "--period", description = "month, e.g. 2026-07 (default: previous month)")
  YearMonth period;

  @Option(names = "--fleet", split = ",", description = "fleet id(s) (default: every fleet with a contract)")
  List<String> fleets;

  @Option(names = "--out", description = "output directory (default: report.out_dir of the configuration)")
  Path out;

  @Option(names = "--schedule", description = "keep running and write statements on report.schedule")
  boolean schedule;

  @Override
  public Integer call() throws Exception {
    SettlementConfig cfg = lake.settlement();
    ZoneId zone = cfg.programs().isEmpty() ? ZoneId.of("UTC") : cfg.programs().get(0).timeZone();
    if (!schedule) {
      writeAll(cfg, period != null ? period : YearMonth.now(zone).minusMonths(1));
      return 0;
    }
    CronSchedule cron = new CronSchedule(cfg.reportSchedule());
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
    System.out.println("report scheduler ready: '" + cfg.reportSchedule() + "' (" + zone + "), next "
        + cron.next(ZonedDateTime.now(zone)));
    while (true) {
      ZonedDateTime next = cron.next(ZonedDateTime.now(zone));
      long waitMs = Math.max(0, Duration.between(ZonedDateTime.now(zone), next).toMillis());
      if (stop.await(waitMs, TimeUnit.MILLISECONDS)) {
        return 0;
      }
      writeAll(cfg, YearMonth.from(next).minusMonths(1));
    }
  }

  private void writeAll(SettlementConfig cfg, YearMonth month) throws Exception {
    List<String> which = fleets != null ? fleets : new ArrayList<>(cfg.contracts().stream()
        .map(SettlementConfig.Contract::fleetId).distinct().sorted().toList());
    Path dir = out != null ? out : Path.of(cfg.reportOutDir());
    try (var catalog = (AutoCloseable & Catalog) lake.catalog().open()) {
      for (String fleet : which) {
        StatementReport.Outputs f = StatementReport.write(catalog, month, fleet, dir);
        System.out.println(fleet + " " + month + ": " + f.html() + " " + f.pdf() + " " + f.paymentsCsv() + " " + f.intervalsCsv() + " " + f.savingsCsv());
      }
    }
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new ReportCommand()).execute(args));
  }
}
