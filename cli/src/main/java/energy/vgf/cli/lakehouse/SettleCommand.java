package energy.vgf.cli.lakehouse;

import com.fasterxml.jackson.databind.ObjectMapper;
import energy.vgf.settlement.SettlementJob;
import energy.vgf.settlement.savings.SavingsConfig;
import energy.vgf.settlement.savings.SavingsJob;
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
    description = "Settle DR events and savings vs the uncontrolled counterfactual of local days [from, to) on Flink"
        + " (BATCH) over Iceberg; idempotent per period.")
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

  @Option(names = "--skip-savings", description = "settle DR events only (no savings job)")
  boolean skipSavings;

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
    if (!skipSavings && program == null) {
      SavingsJob.Result s = new SavingsJob(lake.catalog(), SavingsConfig.fromMap(lake.file())).parallelism(parallelism)
          .run(from, to);
      Map<String, Object> sv = new LinkedHashMap<>();
      sv.put("sites", s.sites());
      sv.put("site_days", s.siteDays());
      sv.put("energy_cost_usd", s.actualEnergyCostUsd().toPlainString());
      sv.put("counterfactual_energy_cost_usd", s.counterfactualEnergyCostUsd().toPlainString());
      sv.put("demand_cost_usd", s.actualDemandCostUsd().toPlainString());
      sv.put("counterfactual_demand_cost_usd", s.counterfactualDemandCostUsd().toPlainString());
      sv.put("cost_savings_usd", s.costSavingsUsd().toPlainString());
      sv.put("v2g_revenue_usd", s.v2gRevenueUsd().toPlainString());
      sv.put("degradation_cost_usd", s.degradationCostUsd().toPlainString());
      sv.put("carbon_avoided_kg", s.carbonAvoidedKg());
      sv.put("input_snapshots", s.inputSnapshots());
      sv.put("seconds", s.seconds());
      out.put("savings", sv);
    }
    System.out.println(new ObjectMapper().writeValueAsString(out));
    return 0;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new SettleCommand()).execute(args));
  }
}
