package energy.vgf.cli.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import energy.vgf.lakehouse.catalog.LakeCatalogConfig;
import energy.vgf.lakehouse.tables.LakeTables;
import energy.vgf.lakehouse.tables.LakeWriter;
import energy.vgf.settlement.SettlementConfig;
import energy.vgf.settlement.SettlementJob;
import energy.vgf.settlement.savings.SavingsConfig;
import energy.vgf.settlement.savings.SavingsJob;
import energy.vgf.metering.SiteMeterReading;
import energy.vgf.simulator.Simulation;
import energy.vgf.simulator.output.Stream;
import energy.vgf.simulator.output.StreamSink;
import energy.vgf.simulator.scenario.DepotSpec;
import energy.vgf.simulator.scenario.GridSpec;
import energy.vgf.simulator.scenario.Scenario;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;

/**
 * The demo's settlement step, the way a settlement team would run it after the period: the site dimension
 * and the emission series go into the curated namespace, the depots' revenue-meter history before the demo
 * period (what the uncontrolled fleet drew: the DR baseline's look-back) into raw.site_meter_reading, and then
 * the Flink batch jobs of the lakehouse (savings vs the uncontrolled counterfactual, DR event settlement) run
 * over the same Iceberg tables the streaming lake job wrote.
 */
final class DemoSettlement {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** CAISO 10-in-10 looks back over up to 45 days for 10 eligible weekdays; two and a half weeks suffice here. */
  static final int HISTORY_DAYS = 18;
  private static final String EMISSIONS_REGION = "CAISO";

  private final LakeCatalogConfig catalogConfig;
  private final Scenario scenario;
  private final Map<String, Double> siteLimitKw;
  private final PrintStream err;

  DemoSettlement(LakeCatalogConfig catalogConfig, Scenario scenario, Map<String, Double> siteLimitKw, PrintStream err) {
    this.catalogConfig = catalogConfig;
    this.scenario = scenario;
    this.siteLimitKw = siteLimitKw;
    this.err = err;
  }

  /** Waits until the streaming lake job has committed at least {@code rows} revenue-meter readings. */
  void awaitLake(long rows, Duration timeout) throws Exception {
    Catalog catalog = catalogConfig.open();
    try {
      long deadline = System.nanoTime() + timeout.toNanos();
      long seen = -1;
      while (System.nanoTime() < deadline) {
        if (catalog.tableExists(LakeTables.SITE_METER_READING)) {
          Table t = catalog.loadTable(LakeTables.SITE_METER_READING);
          seen = t.currentSnapshot() == null ? 0 : Long.parseLong(t.currentSnapshot().summary().getOrDefault("total-records", "0"));
          if (seen >= rows) {
            return;
          }
        }
        TimeUnit.MILLISECONDS.sleep(500); // the lake job commits on its checkpoints: nothing to subscribe to
      }
      throw new IllegalStateException("the lake job committed " + seen + " of " + rows + " revenue-meter readings within "
          + timeout + "; see the log of the lake job");
    } finally {
      close(catalog);
    }
  }

  /** Writes curated.site, curated.marginal_emissions and the meter history, then settles [from, to) local days. */
  ObjectNode run(Instant from, Instant to) throws Exception {
    long t0 = System.nanoTime();
    Catalog catalog = catalogConfig.open();
    try {
      LakeTables.ensureAll(catalog);
      LakeWriter.append(catalog.loadTable(LakeTables.SITE), sites(catalog.loadTable(LakeTables.SITE)));
      LakeWriter.append(catalog.loadTable(LakeTables.MARGINAL_EMISSIONS),
          emissions(catalog.loadTable(LakeTables.MARGINAL_EMISSIONS), from.minus(Duration.ofDays(HISTORY_DAYS)),
              to.plus(Duration.ofDays(2))));
      long history = meterHistory(catalog);
      err.printf("vgf demo: settlement inputs: %d sites, emission series, %d days of meter history (%d readings)%n",
          scenario.depots().size(), HISTORY_DAYS, history);
    } finally {
      close(catalog);
    }
    LocalDate fromDay = from.atZone(scenario.zone()).toLocalDate();
    LocalDate toDay = to.minusMillis(1).atZone(scenario.zone()).toLocalDate().plusDays(1);
    SavingsJob.Result savings = new SavingsJob(catalogConfig, savingsTerms()).parallelism(1).run(fromDay, toDay);
    SettlementJob.Result dr = new SettlementJob(catalogConfig, drTerms()).parallelism(1).run(fromDay, toDay, null);

    ObjectNode out = JSON.createObjectNode();
    out.put("from", fromDay.toString());
    out.put("to", toDay.toString());
    out.put("energy_cost_usd", savings.actualEnergyCostUsd().doubleValue());
    out.put("counterfactual_energy_cost_usd", savings.counterfactualEnergyCostUsd().doubleValue());
    out.put("demand_cost_usd", savings.actualDemandCostUsd().doubleValue());
    out.put("counterfactual_demand_cost_usd", savings.counterfactualDemandCostUsd().doubleValue());
    out.put("cost_savings_usd", savings.costSavingsUsd().doubleValue());
    out.put("v2g_revenue_usd", savings.v2gRevenueUsd().doubleValue());
    out.put("carbon_avoided_kg", Math.round(savings.carbonAvoidedKg() * 10) / 10.0);
    out.put("site_days", savings.siteDays());
    out.put("dr_events", dr.events());
    out.put("dr_program_payment_usd", dr.programPaymentUsd().doubleValue());
    out.put("dr_fleet_credit_usd", dr.fleetCreditUsd().doubleValue());
    out.put("dr_flagged_intervals", dr.flaggedIntervals());
    out.put("statement_lines", dr.statementRows());
    out.put("seconds", Math.round((System.nanoTime() - t0) / 1e8) / 10.0);
    return out;
  }

  private List<Record> sites(Table table) {
    List<Record> out = new ArrayList<>();
    for (DepotSpec d : scenario.depots()) {
      Record r = GenericRecord.create(table.schema());
      r.setField("site_id", d.id());
      r.setField("feeder_id", d.feeder());
      r.setField("fleet_id", d.fleets().isEmpty() ? null : d.fleets().get(0).id());
      r.setField("iso", scenario.market().iso().name());
      r.setField("node", scenario.market().node());
      r.setField("emissions_region", EMISSIONS_REGION);
      r.setField("time_zone", scenario.timeZone());
      r.setField("import_limit_kw", siteLimitKw.get(d.id()));
      out.add(r);
    }
    return out;
  }

  private List<Record> emissions(Table table, Instant from, Instant to) {
    List<Record> out = new ArrayList<>();
    for (Instant t = from; t.isBefore(to); t = t.plus(Duration.ofMinutes(15))) {
      Record r = GenericRecord.create(table.schema());
      r.setField("region", EMISSIONS_REGION);
      r.setField("interval_start", LakeWriter.ts(t));
      r.setField("marginal_kg_co2_per_mwh", DemoEmissions.kgCo2PerMwh(t, scenario.zone()));
      r.setField("source", "vgf-demo illustrative profile");
      out.add(r);
    }
    return out;
  }

  /** The uncontrolled fleet's revenue-meter readings of the days before the demo: the baseline's look-back. */
  private long meterHistory(Catalog catalog) throws Exception {
    Scenario before = scenario.withStart(scenario.startDate().minusDays(HISTORY_DAYS).toString()).withDays(HISTORY_DAYS);
    List<SiteMeterReading> readings = new ArrayList<>();
    new Simulation(before).run(new StreamSink() {
      @Override
      public void write(Stream stream, String key, long timestampMs, SpecificRecord value) {
        if (stream == Stream.SITE_METER) {
          synchronized (readings) {
            readings.add((SiteMeterReading) value);
          }
        }
      }

      @Override
      public void close() {
      }
    });
    if (readings.isEmpty()) {
      return 0;
    }
    LakeWriter.appendAvro(catalog, readings);
    return readings.size();
  }

  private SavingsConfig savingsTerms() {
    // The counterfactual charges every session uncontrolled at one power: the fleet's mean charger power.
    double kw = 0;
    int n = 0;
    for (DepotSpec d : scenario.depots()) {
      for (var c : d.chargers()) {
        kw += c.powerKw() * c.count();
        n += c.count();
      }
    }
    return new SavingsConfig(n == 0 ? SavingsConfig.DEFAULT_UNCONTROLLED_POWER_KW : kw / n, new BigDecimal("0.04"),
        BigDecimal.valueOf(PipelineKpis.DEMAND_CHARGE_USD_PER_KW));
  }

  /** Every DR programme of the scenario, paid as it says, with every depot on the event's feeder enrolled. */
  private SettlementConfig drTerms() {
    Map<String, Map<String, Object>> programs = new LinkedHashMap<>();
    List<Map<String, Object>> contracts = new ArrayList<>();
    for (GridSpec.DemandResponseEvent e : scenario.grid().demandResponse()) {
      if (programs.containsKey(e.programId())) {
        continue;
      }
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("id", e.programId());
      p.put("baseline_method", e.baselineMethod());
      p.put("rate", "PROGRAM");
      p.put("payment_per_kwh", e.paymentPerKwh());
      p.put("time_zone", scenario.timeZone());
      programs.put(e.programId(), p);
      List<String> sites = scenario.depots().stream().filter(d -> e.feeder() == null || e.feeder().equals(d.feeder()))
          .map(DepotSpec::id).toList();
      for (DepotSpec d : scenario.depots()) {
        if (sites.contains(d.id()) && !d.fleets().isEmpty()) {
          contracts.add(Map.of("fleet_id", d.fleets().get(0).id(), "program_id", e.programId(), "site_ids", List.of(d.id())));
        }
      }
    }
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("programs", new ArrayList<>(programs.values()));
    root.put("contracts", contracts);
    return SettlementConfig.fromMap(root);
  }

  private static void close(Catalog catalog) throws Exception {
    if (catalog instanceof AutoCloseable c) {
      c.close();
    }
  }
}
