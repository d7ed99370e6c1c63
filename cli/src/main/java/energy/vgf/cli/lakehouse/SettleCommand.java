package energy.vgf.cli.lakehouse;

import com.fasterxml.jackson.databind.ObjectMapper;
import energy.vgf.settlement.SettlementJob;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./vgf settle --from 2026-07-01 --to 2026-08-01 [--program ...]}: the Flink batch settlement of a period. */
@Command(name = "settle", mixinStandardHelpOptions = true,
    description = "Settle DR events of local days [from, to) on Flink (BATCH) over Iceberg; idempotent per period.")
public final class SettleCommand implements Callable<Integer> {

  @Mixin
  LakeOptions lake = new LakeOptions();

  @Option(names = "--from", required = true, description = "first local day, e.g. 2026-07-01")
  LocalDate from;

  @Option(names = "--to", required = true, description = "day after the last local day, e.g. 2026-08-01")
  LocalDate to;

  @Option(names = "--program", description = "settle only this program")
  String program;

  @Option(names = "--parallelism", defaultValue = "2")
  int parallelism;

  @Override
  public Integer call() throws Exception {
    if (!to.isAfter(from)) {
      throw new CommandLine.ParameterException(new CommandLine(this), "--to " + to + " must be after --from " + from);
    }
    SettlementJob.Result r = new SettlementJob(lake.catalog(), lake.settlement()).parallelism(parallelism)
        .run(from, to, program);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("from", r.from().toString());
    out.put("to", r.to().toString());
    out.put("events", r.events());
    out.put("performance_rows", r.performanceRows());
    out.put("baselines", r.baselineRows());
    out.put("payments", r.paymentRows());
    out.put("statement_lines", r.statementRows());
    out.put("program_payment_usd", r.programPaymentUsd().toPlainString());
    out.put("fleet_credit_usd", r.fleetCreditUsd().toPlainString());
    out.put("flagged_intervals", r.flaggedIntervals());
    out.put("input_snapshots", r.inputSnapshots());
    out.put("seconds", r.seconds());
    System.out.println(new ObjectMapper().writeValueAsString(out));
    return 0;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new SettleCommand()).execute(args));
  }
}
