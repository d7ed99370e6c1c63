package energy.vgf.settlement.savings;

import energy.vgf.lakehouse.tables.LakeCsv;
import energy.vgf.lakehouse.tables.LakeTables;
import energy.vgf.lakehouse.tables.LakeWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;

/**
 * A depot small enough to settle by hand: depot-a (Los Angeles), local day 2026-07-01 = [07:00Z, next 07:00Z).
 *
 * <pre>
 * s1: c1, v1, plugged in 17:00Z, 22 kWh net. Managed: 4 kW 17:00-22:30Z (22 x 1 kWh).
 *     Counterfactual at 11 kW: 8 x 2.75 kWh, 17:00-19:00Z.
 * s2: c2, v2, plugged in 19:00Z, 5 kWh net, 2 kWh V2G. Managed: -4 kW 19:00-19:30Z (2 x 1 kWh export),
 *     +4 kW 19:30-21:15Z (7 x 1 kWh). Counterfactual: 2.75 kWh at 19:00, 2.25 kWh at 19:15.
 * hour (Z)   17    18    19     20    21    22
 * LMP $/MWh  100   200   50     40    30    30
 * MER kg/MWh 500   500   300    200   200   200
 * managed    4     4     6      8     5     2     = 29 kWh import, 2 kWh export at 19Z
 * uncontr.   11    11    5      0     0     0     = 27 kWh
 * cost       0.40  0.80  0.30   0.32  0.15  0.06  = 2.03 USD managed
 *            1.10  2.20  0.25                     = 3.55 USD uncontrolled
 * carbon     (11-4)x.5 + (11-4)x.5 + (5-(6-2))x.3 - 8x.2 - 5x.2 - 2x.2 = 4.3 kg avoided
 * peaks      managed 2 kWh/15 min = 8 kW (19:30-21:00Z); uncontrolled 2.75 kWh = 11 kW
 * demand     10 USD/kW-month: 80.00 managed, 110.00 uncontrolled
 * V2G        2 kWh x 0.05 = 0.10 USD revenue; degradation 2 kWh x 0.05 = 0.10 USD
 *
 * Dispatch plans (raw.dispatch_plan) against the meters (curated.dispatch_plan_vs_actual):
 * p1 created 16:59Z, 15-min from 17:00Z: net [30, 44, 36, 40] kW; v1 on c1 [5, 5, 3, 3]; v3 unassigned [1, 1, 1, 1]
 * p2 created 17:14Z (re-plan), 15-min from 17:15Z: net [38, 42]; v1 on c1 [4, 2]       -> in force 17:15 and 17:30
 * p3 created 18:59Z, 30-min from 19:00Z: net [20, 24]; v1 on c1 [4, 4]; v2 on c2 [-4, 4] -> 19:00..19:45
 * site row   planned  metered (meter kWh x 4)   dev   %          planned EV  metered EV  EV dev
 * 17:00 p1   30       40 VALID                   10    33.333333  6           4           -2
 * 17:15 p2   38       40 ESTIMATED               2     5.263158   4           4           0
 * 17:30 p2   42       null MISSING               null  null       2           4           2
 * 17:45 p1   40       null (no reading)          null  null       4           4           0
 * 19:00/15   20       null                                        0 (4 - 4)   0 (4 - 4)   0
 * 19:30/45   24       null                                        8           8           0
 * c1: 5 vs 4 (-1, -20 %), 4 vs 4, 2 vs 4 (+2, +100 %), 3 vs 4 (+1, +33.333333 %), then 4 vs 4; c2: -4 vs -4, 4 vs 4
 * </pre>
 */
public final class SavingsFixture {

  public static final LocalDate DAY = LocalDate.of(2026, 7, 1);
  public static final SavingsConfig TERMS = new SavingsConfig(11.0, new BigDecimal("0.05"), new BigDecimal("10"));

  private SavingsFixture() {
  }

  static Instant z(String hhmm) {
    return Instant.parse("2026-07-01T" + hhmm + ":00Z");
  }

  private static boolean written;

  /** Writes the fixture once per JVM into the shared test lakehouse (SavingsJobIT and NotebooksIT both use it). */
  public static synchronized void ensureWritten(energy.vgf.lakehouse.catalog.LakeCatalogConfig cfg) throws Exception {
    if (!written) {
      try (var catalog = (AutoCloseable & Catalog) cfg.open()) {
        write(catalog, Files.createTempDirectory("vgf-savings-fixture-"));
      }
      written = true;
    }
  }

  public static void write(Catalog catalog, Path dir) throws Exception {
    LakeTables.ensureAll(catalog);
    Path sites = dir.resolve("sites.csv");
    Files.writeString(sites, "site_id,feeder_id,fleet_id,iso,node,emissions_region,time_zone,import_limit_kw\n"
        + "depot-a,feeder-1,fleet-a,CAISO,NODE-A,CAISO_NORTH,America/Los_Angeles,20\n");
    LakeCsv.append(catalog, LakeTables.SITE, sites);
    StringBuilder mer = new StringBuilder("region,interval_start,marginal_kg_co2_per_mwh,source\n");
    double[] kg = {500, 500, 300, 200, 200, 200};
    for (int h = 0; h < 6; h++) {
      mer.append("CAISO_NORTH,").append(z(String.format("%02d:00", 17 + h))).append(',').append(kg[h]).append(",test\n");
    }
    Path emissions = dir.resolve("emissions.csv");
    Files.writeString(emissions, mer);
    LakeCsv.append(catalog, LakeTables.MARGINAL_EMISSIONS, emissions);

    Table prices = catalog.loadTable(LakeTables.MARKET_PRICE);
    double[] lmp = {100, 200, 50, 40, 30, 30};
    List<Record> p = new ArrayList<>();
    for (int h = 0; h < 6; h++) {
      Instant s = z(String.format("%02d:00", 17 + h));
      p.add(rec(prices, Map.of("iso", "CAISO", "node", "NODE-A", "market", "REAL_TIME", "interval_start", LakeWriter.ts(s),
          "interval_end", LakeWriter.ts(s.plusSeconds(3600)), "lmp_per_mwh", lmp[h])));
      // a day-ahead price that must not be used
      p.add(rec(prices, Map.of("iso", "CAISO", "node", "NODE-A", "market", "DAY_AHEAD", "interval_start", LakeWriter.ts(s),
          "interval_end", LakeWriter.ts(s.plusSeconds(3600)), "lmp_per_mwh", 999.0)));
    }
    LakeWriter.append(prices, p);

    Table mv = catalog.loadTable(LakeTables.CHARGER_METER_VALUE);
    List<Record> m = new ArrayList<>();
    for (int i = 0; i < 22; i++) {
      m.add(sample(mv, "c1", "s1", z("17:00").plusSeconds(900L * i), 4.0));
    }
    for (int i = 0; i < 9; i++) {
      m.add(sample(mv, "c2", "s2", z("19:00").plusSeconds(900L * i), i < 2 ? -4.0 : 4.0));
    }
    LakeWriter.append(mv, m);

    Table cs = catalog.loadTable(LakeTables.CHARGING_SESSION);
    LakeWriter.append(cs, List.of(
        session(cs, "s1", "c1", "v1", "STARTED", z("17:00"), z("17:00"), null, 0, 0, 30.0),
        session(cs, "s1", "c1", "v1", "ENDED", z("23:00"), z("17:00"), z("23:00"), 22, 0, 85.0),
        session(cs, "s2", "c2", "v2", "STARTED", z("19:00"), z("19:00"), null, 0, 0, 60.0),
        session(cs, "s2", "c2", "v2", "ENDED", z("22:00"), z("19:00"), z("22:00"), 5, 2, 70.0)));

    Table fc = catalog.loadTable(LakeTables.FLEET_CONSTRAINT);
    LakeWriter.append(fc, List.of(
        rec(fc, Map.of("constraint_id", "dep-v1", "fleet_id", "fleet-a", "vehicle_id", "v1", "departure_time",
            LakeWriter.ts(z("23:30")), "required_soc_pct", 80.0, "hard", true, "issued_at", LakeWriter.ts(z("12:00")))),
        rec(fc, Map.of("constraint_id", "dep-v2", "fleet_id", "fleet-a", "vehicle_id", "v2", "departure_time",
            LakeWriter.ts(z("22:30")), "required_soc_pct", 90.0, "hard", false, "issued_at", LakeWriter.ts(z("12:00"))))));

    Table sm = catalog.loadTable(LakeTables.SITE_METER_READING);
    LakeWriter.append(sm, List.of(meter(sm, z("17:00"), 10.0, "VALID"), meter(sm, z("17:15"), 10.0, "ESTIMATED"),
        meter(sm, z("17:30"), 0.0, "MISSING")));

    Table dp = catalog.loadTable(LakeTables.DISPATCH_PLAN);
    LakeWriter.append(dp, List.of(
        plan(dp, "p1", "SCHEDULED", z("17:00"), 15, z("16:59"), new double[] {30, 44, 36, 40},
            vehicle(dp, "v1", "c1", 5, 5, 3, 3), vehicle(dp, "v3", null, 1, 1, 1, 1)),
        plan(dp, "p2", "REPLAN", z("17:15"), 15, z("17:14"), new double[] {38, 42}, vehicle(dp, "v1", "c1", 4, 2)),
        plan(dp, "p3", "SCHEDULED", z("19:00"), 30, z("18:59"), new double[] {20, 24},
            vehicle(dp, "v1", "c1", 4, 4), vehicle(dp, "v2", "c2", -4, 4))));

    Table vt = catalog.loadTable(LakeTables.VEHICLE_TELEMETRY);
    LakeWriter.append(vt, List.of(telemetry(vt, "v1", z("17:05"), 30.0), telemetry(vt, "v1", z("17:10"), 32.0),
        telemetry(vt, "v1", z("17:20"), 35.0)));
  }

  private static Record plan(Table t, String id, String reason, Instant horizon, int minutes, Instant created,
                             double[] netKw, Record... vehicles) {
    List<Double> net = new ArrayList<>();
    for (double v : netKw) {
      net.add(v);
    }
    Record r = rec(t, Map.of("plan_id", id, "site_id", "depot-a", "horizon_start", LakeWriter.ts(horizon),
        "interval_minutes", minutes, "status", "OPTIMAL", "method", "interior-point", "reason", reason, "solve_ms", 12L,
        "fallback", false, "cost_total", 1.0));
    r.setField("peak_kw", net.stream().mapToDouble(Double::doubleValue).max().orElse(0));
    r.setField("net_load_kw", net);
    r.setField("vehicles", List.of(vehicles));
    r.setField("created_at", LakeWriter.ts(created));
    return r;
  }

  private static Record vehicle(Table t, String vehicle, String charger, double... powerKw) {
    GenericRecord v = GenericRecord.create(t.schema().findField("vehicles").type().asListType().elementType().asStructType());
    List<Double> power = new ArrayList<>();
    for (double kw : powerKw) {
      power.add(kw);
    }
    v.setField("vehicle_id", vehicle);
    v.setField("charger_id", charger);
    v.setField("power_kw", power);
    v.setField("final_kwh", 50.0);
    v.setField("target_kwh", 50.0);
    v.setField("shortfall_kwh", 0.0);
    return v;
  }

  private static Record sample(Table t, String charger, String session, Instant ts, double kw) {
    return rec(t, Map.of("charger_id", charger, "connector_id", 1, "session_id", session, "ts", LakeWriter.ts(ts),
        "power_kw", kw, "site_id", "depot-a"));
  }

  private static Record session(Table t, String id, String charger, String vehicle, String event, Instant ts, Instant started,
                                Instant ended, double kwh, double discharged, double soc) {
    Record r = rec(t, Map.of("session_id", id, "charger_id", charger, "connector_id", 1, "event", event,
        "ts", LakeWriter.ts(ts), "started_at", LakeWriter.ts(started), "energy_kwh", kwh, "discharged_kwh", discharged,
        "vehicle_id", vehicle, "site_id", "depot-a"));
    r.setField("ended_at", ended == null ? null : LakeWriter.ts(ended));
    r.setField("soc_pct", soc);
    return r;
  }

  private static Record meter(Table t, Instant start, double kwh, String quality) {
    return rec(t, Map.of("site_id", "depot-a", "meter_id", "rev-a", "interval_start", LakeWriter.ts(start),
        "interval_end", LakeWriter.ts(start.plusSeconds(900)), "energy_import_kwh", kwh, "energy_export_kwh", 0.0,
        "quality", quality, "source", "test"));
  }

  private static Record telemetry(Table t, String vehicle, Instant ts, double soc) {
    return rec(t, Map.of("provider", "SIMULATOR", "vehicle_id", vehicle,
        "ts", LakeWriter.ts(ts), "soc_pct", soc, "status", "CHARGING", "fleet_id", "fleet-a", "depot_id", "depot-a"));
  }

  private static Record rec(Table t, Map<String, Object> values) {
    GenericRecord r = GenericRecord.create(t.schema());
    values.forEach(r::setField);
    return r;
  }
}
