package energy.vgf.cli.lakehouse;

import energy.vgf.report.ReportSchedule;
import energy.vgf.report.StatementReport;
import energy.vgf.settlement.SettlementConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
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
 * cron expression {@code report.schedule} of the configuration fires, read in {@code --time-zone} (UTC by default).
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

  @Option(names = "--time-zone", defaultValue = "UTC", converter = ZoneConverter.class,
      description = "zone in which report.schedule is read and the default period is named (default ${DEFAULT-VALUE}), "
          + "e.g. America/Los_Angeles")
  ZoneId zone;

  @Override
  public Integer call() throws Exception {
    SettlementConfig cfg = lake.settlement();
    if (!schedule) {
      writeAll(cfg, period != null ? period : YearMonth.now(zone).minusMonths(1));
      return 0;
    }
    ReportSchedule plan = ReportSchedule.of(cfg.reportSchedule(), zone);
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
    System.out.println("report scheduler ready: '" + cfg.reportSchedule() + "' (" + zone + "), next "
        + plan.next(Instant.now()).at());
    while (true) {
      ReportSchedule.Firing next = plan.next(Instant.now());
      long waitMs = Math.max(0, Duration.between(Instant.now(), next.at().toInstant()).toMillis());
      if (stop.await(waitMs, TimeUnit.MILLISECONDS)) {
        return 0;
      }
      writeAll(cfg, next.period());
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

  static final class ZoneConverter implements CommandLine.ITypeConverter<ZoneId> {
    @Override
    public ZoneId convert(String value) {
      try {
        return ZoneId.of(value);
      } catch (java.time.DateTimeException e) {
        throw new CommandLine.TypeConversionException("--time-zone=" + value + " is not an IANA zone id or offset "
            + "(e.g. UTC, America/Los_Angeles, +01:00)");
      }
    }
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new ReportCommand()).execute(args));
  }
}
