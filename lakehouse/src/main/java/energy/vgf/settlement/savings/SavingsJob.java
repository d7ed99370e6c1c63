package energy.vgf.settlement.savings;

import energy.vgf.lakehouse.catalog.LakeCatalogConfig;
import energy.vgf.lakehouse.tables.LakeTables;
import energy.vgf.settlement.Rows;
import energy.vgf.settlement.baseline.MeterQuality;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.util.Collector;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.flink.TableLoader;
import org.apache.iceberg.flink.sink.FlinkSink;
import org.apache.iceberg.flink.source.IcebergSource;
import org.apache.iceberg.io.CloseableIterable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Savings of a period as one Flink BATCH job over Iceberg, for the sites of curated.site:
 * raw.charger_meter_value -> curated.charger_load_15min (managed EV energy); raw.charging_session ->
 * curated.session and each session's uncontrolled counterfactual; raw.site_meter_reading (revenue meter);
 * raw.vehicle_telemetry -> curated.vehicle_soc_15min; per site -> curated.site_load_15min (managed vs
 * counterfactual vs limit) and settlement.site_day_savings per local day of the site; raw.dispatch_plan against the
 * revenue and charger meters -> curated.dispatch_plan_vs_actual.
 *
 * <p>Same rules as the DR settlement: inputs pinned to their current snapshots (ids recorded on every
 * settlement row), nothing depends on the wall clock, and the period's partitions are replaced: the curated
 * tables' UTC days [from, to) (they are time-zone agnostic, partitioned by UTC day), settlement.site_day_savings'
 * local days [from, to) of each site. Inputs are read two days beyond the period on both sides, so sessions that
 * straddle the boundaries and local days west or east of UTC are whole.
 */
public final class SavingsJob {

  private static final Logger LOG = LoggerFactory.getLogger(SavingsJob.class);
  private static final long DAY_MS = 86_400_000L;

  /** The period's outcome, read back from settlement.site_day_savings. */
  public record Result(LocalDate from, LocalDate to, int sites, long siteDays, BigDecimal actualEnergyCostUsd,
                       BigDecimal counterfactualEnergyCostUsd, BigDecimal actualDemandCostUsd,
                       BigDecimal counterfactualDemandCostUsd, BigDecimal v2gRevenueUsd, BigDecimal degradationCostUsd,
                       double carbonAvoidedKg, Map<String, Long> inputSnapshots, double seconds) {

    /** Energy + demand cost avoided vs the counterfactual, USD. */
    public BigDecimal costSavingsUsd() {
      return counterfactualEnergyCostUsd.add(counterfactualDemandCostUsd).subtract(actualEnergyCostUsd)
          .subtract(actualDemandCostUsd);
    }
  }

  private static final List<TableIdentifier> INPUTS = List.of(LakeTables.CHARGER_METER_VALUE, LakeTables.CHARGING_SESSION,
      LakeTables.SITE_METER_READING, LakeTables.VEHICLE_TELEMETRY, LakeTables.MARKET_PRICE, LakeTables.GRID_CONSTRAINT,
      LakeTables.FLEET_CONSTRAINT, LakeTables.SITE, LakeTables.MARGINAL_EMISSIONS, LakeTables.DISPATCH_PLAN);

  private final LakeCatalogConfig catalogConfig;
  private final SavingsConfig terms;
  private int parallelism = 2;

  public SavingsJob(LakeCatalogConfig catalogConfig, SavingsConfig terms) {
    this.catalogConfig = catalogConfig;
    this.terms = terms;
  }

  public SavingsJob parallelism(int p) {
    this.parallelism = p;
    return this;
  }

  /** Computes local days [from, to) of every site in curated.site (and the curated series of UTC days [from, to)). */
  public Result run(LocalDate from, LocalDate to) throws Exception {
    long t0 = System.nanoTime();
    Catalog catalog = catalogConfig.open();
    try {
      LakeTables.ensureAll(catalog);
      Map<TableIdentifier, Table> tables = new LinkedHashMap<>();
      Map<String, Long> snapshots = new LinkedHashMap<>();
      for (TableIdentifier id : INPUTS) {
        Table t = catalog.loadTable(id);
        tables.put(id, t);
        if (t.currentSnapshot() != null) {
          snapshots.put(id.toString(), t.currentSnapshot().snapshotId());
        }
      }
      Map<String, Long> snaps = Map.copyOf(snapshots);
      long curFrom = from.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
      long curTo = to.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
      long readFrom = curFrom - 2 * DAY_MS;
      long readTo = curTo + 2 * DAY_MS;

      Map<String, SiteInfo> sites = readSites(tables.get(LakeTables.SITE));
      Map<String, Map<Long, BigDecimal>> lmp = readLmp(tables.get(LakeTables.MARKET_PRICE),
          sites.values().stream().map(SiteInfo::node).filter(n -> n != null).distinct().toList(), readFrom, readTo);
      Map<String, TreeMap<Long, Double>> mer = readEmissions(tables.get(LakeTables.MARGINAL_EMISSIONS),
          sites.values().stream().map(SiteInfo::emissionsRegion).filter(r -> r != null).distinct().toList(), readFrom, readTo);
      Map<String, Map<Long, Double>> limits = readLimits(tables.get(LakeTables.GRID_CONSTRAINT), sites, readFrom, readTo);
      Map<String, List<Departure>> departures = readDepartures(tables.get(LakeTables.FLEET_CONSTRAINT), readFrom, readTo + DAY_MS);

      deletePeriod(catalog, from, to);
      if (sites.isEmpty()) {
        LOG.warn("curated.site is empty: no site to compute savings for (load it, e.g. ./vgf catalog load --table curated.site)");
      } else {
        runFlink(tables, sites, lmp, mer, limits, departures, snaps, from, to, curFrom, curTo, readFrom, readTo);
      }
      return summarize(catalog, from, to, sites.size(), snaps, (System.nanoTime() - t0) / 1e9);
    } finally {
      if (catalog instanceof AutoCloseable c) {
        c.close();
      }
    }
  }

  private void runFlink(Map<TableIdentifier, Table> tables, Map<String, SiteInfo> sites,
                        Map<String, Map<Long, BigDecimal>> lmp, Map<String, TreeMap<Long, Double>> mer,
                        Map<String, Map<Long, Double>> limits, Map<String, List<Departure>> departures,
                        Map<String, Long> snaps, LocalDate from, LocalDate to, long curFrom, long curTo,
                        long readFrom, long readTo) throws Exception {
    Configuration conf = new Configuration();
    conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.ofMebiBytes(256));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setRuntimeMode(RuntimeExecutionMode.BATCH);
    env.setParallelism(parallelism);
    Object[] siteIds = sites.keySet().stream().sorted().toArray();
    List<DataStream<SiteInterval>> parts = new ArrayList<>();

    // managed EV energy per charger and interval
    Table mv = tables.get(LakeTables.CHARGER_METER_VALUE);
    if (mv.currentSnapshot() != null) {
      Schema p = mv.schema().select("charger_id", "site_id", "ts", "power_kw");
      int[] i = positions(p, "charger_id", "site_id", "ts", "power_kw");
      DataStream<ChargerIntervals.Sample> samples = source(env, LakeTables.CHARGER_METER_VALUE, mv, p, window("ts", readFrom, readTo, siteIds))
          .flatMap((RowData r, Collector<ChargerIntervals.Sample> out) -> {
            if (!r.isNullAt(i[1])) {
              out.collect(new ChargerIntervals.Sample(r.getString(i[0]).toString(), r.getString(i[1]).toString(),
                  r.getTimestamp(i[2], 6).getMillisecond(), r.getDouble(i[3])));
            }
          }).returns(ChargerIntervals.Sample.class).name("charger-samples");
      SingleOutputStreamOperator<RowData> chargerLoad = samples.keyBy(s -> s.chargerId, TypeInformation.of(String.class))
          .process(new ChargerIntervals(curFrom, curTo))
          .returns(Rows.typeOf(LakeTables.get(LakeTables.CHARGER_LOAD_15MIN).schema()))
          .uid("charger-intervals").name("charger-intervals");
      sink(chargerLoad, LakeTables.CHARGER_LOAD_15MIN, 1);
      parts.add(chargerLoad.getSideOutput(ChargerIntervals.SITE_PARTS));
    }

    // sessions and their uncontrolled counterfactual
    Table cs = tables.get(LakeTables.CHARGING_SESSION);
    if (cs.currentSnapshot() != null) {
      String[] cols = {"session_id", "charger_id", "site_id", "vehicle_id", "event", "ts", "started_at",
          "ended_at", "energy_kwh", "discharged_kwh", "soc_pct"};
      Schema p = cs.schema().select(cols);
      int[] i = positions(p, cols);
      DataStream<SessionRollup.Event> events = source(env, LakeTables.CHARGING_SESSION, cs, p, window("ts", readFrom, readTo, siteIds))
          .map(r -> sessionEvent(r, i)).returns(SessionRollup.Event.class).name("session-events");
      SingleOutputStreamOperator<RowData> sessions = events.keyBy(e -> e.sessionId, TypeInformation.of(String.class))
          .process(new SessionRollup(sites, departures, terms.uncontrolledPowerKw(), curFrom, curTo))
          .returns(Rows.typeOf(LakeTables.get(LakeTables.SESSION).schema()))
          .uid("session-rollup").name("session-rollup");
      sink(sessions, LakeTables.SESSION, 1);
      parts.add(sessions.getSideOutput(SessionRollup.COUNTERFACTUAL));
    }

    // the site's revenue meter, when it has one
    Table sm = tables.get(LakeTables.SITE_METER_READING);
    if (sm.currentSnapshot() != null) {
      String[] cols = {"site_id", "meter_id", "interval_start", "energy_import_kwh", "energy_export_kwh", "quality"};
      Schema p = sm.schema().select(cols);
      int[] i = positions(p, cols);
      parts.add(source(env, LakeTables.SITE_METER_READING, sm, p, window("interval_start", readFrom, readTo, siteIds))
          .map(r -> {
            MeterQuality q = MeterQuality.valueOf(r.getString(i[5]).toString());
            // a MISSING reading carries no energy: NaN here, null in the table, never a filled value
            return SiteInterval.meter(r.getString(i[0]).toString(), r.getTimestamp(i[2], 6).getMillisecond(),
                "meter:" + r.getString(i[1]), q == MeterQuality.MISSING ? Double.NaN : r.getDouble(i[3]),
                q == MeterQuality.MISSING || r.isNullAt(i[4]) ? Double.NaN : r.getDouble(i[4]), (byte) q.ordinal());
          })
          .returns(SiteInterval.class).name("site-meter"));
    }

    // vehicle SoC series
    Table vt = tables.get(LakeTables.VEHICLE_TELEMETRY);
    if (vt.currentSnapshot() != null) {
      String[] cols = {"vehicle_id", "fleet_id", "depot_id", "status", "ts", "soc_pct"};
      Schema p = vt.schema().select(cols);
      int[] i = positions(p, cols);
      DataStream<RowData> soc = source(env, LakeTables.VEHICLE_TELEMETRY, vt, p, window("ts", curFrom, curTo, null))
          .map(r -> observation(r, i)).returns(VehicleSoc.Observation.class).name("telemetry")
          .keyBy(o -> o.vehicleId, TypeInformation.of(String.class))
          .process(new VehicleSoc(curFrom, curTo))
          .returns(Rows.typeOf(LakeTables.get(LakeTables.VEHICLE_SOC_15MIN).schema()))
          .uid("vehicle-soc").name("vehicle-soc");
      sink(soc, LakeTables.VEHICLE_SOC_15MIN, 1);
    }

    if (parts.isEmpty()) {
      LOG.warn("no charger meter values, sessions or site meter readings to compute savings from");
    } else {
      DataStream<SiteInterval> all = parts.get(0);
      for (int i = 1; i < parts.size(); i++) {
        all = all.union(parts.get(i));
      }
      DataStream<SiteInterval> enrolled = all.filter(p -> sites.containsKey(p.siteId)).name("enrolled-sites");
      SingleOutputStreamOperator<RowData> siteLoad = enrolled
          .keyBy(p -> p.siteId, TypeInformation.of(String.class))
          .process(new SiteSavings(sites, lmp, mer, limits, terms, from, to, curFrom, curTo, snaps))
          .returns(Rows.typeOf(LakeTables.get(LakeTables.SITE_LOAD_15MIN).schema()))
          .uid("site-savings").name("site-savings");
      sink(siteLoad, LakeTables.SITE_LOAD_15MIN, 1);
      sink(siteLoad.getSideOutput(SiteSavings.DAYS), LakeTables.SITE_DAY_SAVINGS, 1);

      // dispatch plans vs what the meters measured
      Table dp = tables.get(LakeTables.DISPATCH_PLAN);
      if (dp.currentSnapshot() != null) {
        DataStream<RowData> planVsActual = plannedIntervals(env, dp, sites, siteIds, curFrom, curTo)
            .keyBy(p -> p.siteId, TypeInformation.of(String.class))
            .connect(enrolled.keyBy(p -> p.siteId, TypeInformation.of(String.class)))
            .process(new PlanVsActual(curFrom, curTo))
            .returns(Rows.typeOf(LakeTables.get(LakeTables.DISPATCH_PLAN_VS_ACTUAL).schema()))
            .uid("plan-vs-actual").name("plan-vs-actual");
        sink(planVsActual, LakeTables.DISPATCH_PLAN_VS_ACTUAL, 1);
      }
    }
    env.execute("savings " + from + ".." + to);
  }

  /**
   * raw.dispatch_plan -> one {@link PlannedInterval} per plan and 15-minute interval of the curated window that the
   * plan's horizon covers whole. Plans are read from a day before the window: a plan made late on the previous day
   * can still be the one in force in the first intervals.
   */
  private DataStream<PlannedInterval> plannedIntervals(StreamExecutionEnvironment env, Table dp, Map<String, SiteInfo> sites,
                                                       Object[] siteIds, long curFrom, long curTo) {
    String[] cols = {"plan_id", "site_id", "horizon_start", "interval_minutes", "net_load_kw", "vehicles", "created_at"};
    Schema p = dp.schema().select(cols);
    int[] i = positions(p, cols);
    org.apache.iceberg.types.Types.StructType vehicle = p.findField("vehicles").type().asListType().elementType().asStructType();
    int vCharger = vehicle.fields().indexOf(vehicle.field("charger_id"));
    int vPower = vehicle.fields().indexOf(vehicle.field("power_kw"));
    int vFields = vehicle.fields().size();
    return source(env, LakeTables.DISPATCH_PLAN, dp, p, window("horizon_start", curFrom - DAY_MS, curTo, siteIds))
        .flatMap((RowData r, Collector<PlannedInterval> out) -> {
          String site = r.getString(i[1]).toString();
          long horizon = r.getTimestamp(i[2], 6).getMillisecond();
          int minutes = r.getInt(i[3]);
          double[] net = doubles(r.getArray(i[4]));
          org.apache.flink.table.data.ArrayData vehicles = r.getArray(i[5]);
          String[] chargers = new String[vehicles.size()];
          double[][] power = new double[vehicles.size()][];
          for (int v = 0; v < vehicles.size(); v++) {
            RowData row = vehicles.getRow(v, vFields);
            chargers[v] = row.isNullAt(vCharger) ? null : row.getString(vCharger).toString();
            power[v] = doubles(row.getArray(vPower));
          }
          long first = Math.max(curFrom, Math.floorDiv(horizon + Counterfactual.INTERVAL_MS - 1, Counterfactual.INTERVAL_MS)
              * Counterfactual.INTERVAL_MS);
          for (long t = first; t < curTo; t += Counterfactual.INTERVAL_MS) {
            double netKw = PlannedInterval.meanOver(net, horizon, minutes, t);
            if (Double.isNaN(netKw)) {
              break; // past the end of the horizon
            }
            double evKw = 0;
            Map<String, Double> byCharger = new HashMap<>();
            for (int v = 0; v < power.length; v++) {
              double kw = PlannedInterval.meanOver(power[v], horizon, minutes, t);
              if (Double.isNaN(kw)) {
                continue; // a vehicle planned only up to its departure
              }
              evKw += kw;
              if (chargers[v] != null) {
                byCharger.merge(chargers[v], kw, Double::sum);
              }
            }
            out.collect(PlannedInterval.of(site, t, r.getString(i[0]).toString(), horizon,
                r.getTimestamp(i[6], 6).getMillisecond(), netKw, evKw, byCharger));
          }
        }).returns(PlannedInterval.class).name("planned-intervals")
        .filter(pi -> sites.containsKey(pi.siteId)).name("enrolled-plans");
  }

  private static double[] doubles(org.apache.flink.table.data.ArrayData a) {
    double[] out = new double[a.size()];
    for (int k = 0; k < out.length; k++) {
      out[k] = a.getDouble(k);
    }
    return out;
  }

  private static SessionRollup.Event sessionEvent(RowData r, int[] i) {
    SessionRollup.Event e = new SessionRollup.Event();
    e.sessionId = r.getString(i[0]).toString();
    e.chargerId = r.getString(i[1]).toString();
    e.siteId = r.isNullAt(i[2]) ? null : r.getString(i[2]).toString();
    e.vehicleId = r.isNullAt(i[3]) ? null : r.getString(i[3]).toString();
    e.event = r.getString(i[4]).toString();
    e.tsMs = r.getTimestamp(i[5], 6).getMillisecond();
    e.startedMs = r.getTimestamp(i[6], 6).getMillisecond();
    e.endedMs = r.isNullAt(i[7]) ? -1 : r.getTimestamp(i[7], 6).getMillisecond();
    e.energyKwh = r.getDouble(i[8]);
    e.dischargedKwh = r.getDouble(i[9]);
    e.socPct = r.isNullAt(i[10]) ? Double.NaN : r.getDouble(i[10]);
    return e;
  }

  private static VehicleSoc.Observation observation(RowData r, int[] i) {
    VehicleSoc.Observation o = new VehicleSoc.Observation();
    o.vehicleId = r.getString(i[0]).toString();
    o.fleetId = r.isNullAt(i[1]) ? null : r.getString(i[1]).toString();
    o.depotId = r.isNullAt(i[2]) ? null : r.getString(i[2]).toString();
    o.status = r.isNullAt(i[3]) ? null : r.getString(i[3]).toString();
    o.tsMs = r.getTimestamp(i[4], 6).getMillisecond();
    o.socPct = r.isNullAt(i[5]) ? Double.NaN : r.getDouble(i[5]);
    return o;
  }

  /** Positions of columns in a projected row: Schema.select keeps the table's column order, not the argument's. */
  private static int[] positions(Schema projected, String... columns) {
    int[] out = new int[columns.length];
    for (int k = 0; k < columns.length; k++) {
      out[k] = projected.columns().indexOf(projected.findField(columns[k]));
    }
    return out;
  }

  private static List<Expression> window(String column, long fromMs, long toMs, Object[] siteIds) {
    List<Expression> filters = new ArrayList<>();
    filters.add(Expressions.greaterThanOrEqual(column, fromMs * 1000));
    filters.add(Expressions.lessThan(column, toMs * 1000));
    if (siteIds != null && siteIds.length <= 1000) {
      filters.add(Expressions.in("site_id", siteIds));
    }
    return filters;
  }

  private DataStream<RowData> source(StreamExecutionEnvironment env, TableIdentifier id, Table table, Schema projection,
                                     List<Expression> filters) {
    IcebergSource.Builder<RowData> b = IcebergSource.forRowData()
        .tableLoader(TableLoader.fromCatalog(catalogConfig.loader(), id))
        .streaming(false).project(projection).filters(filters)
        // pinned: the snapshot recorded in input_snapshots is the one read
        .setAll(Map.of("snapshot-id", String.valueOf(table.currentSnapshot().snapshotId())));
    return env.fromSource(b.build(), WatermarkStrategy.noWatermarks(), id.toString(), TypeInformation.of(RowData.class));
  }

  private void sink(DataStream<RowData> stream, TableIdentifier id, int writers) {
    FlinkSink.forRowData(stream).tableLoader(TableLoader.fromCatalog(catalogConfig.loader(), id))
        .writeParallelism(writers).uidPrefix("sink-" + id.name()).append();
  }

  /** Replaces the period: curated tables by whole UTC-day partitions, site_day_savings by local settlement days. */
  static void deletePeriod(Catalog catalog, LocalDate from, LocalDate to) {
    long fromMicros = from.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli() * 1000;
    long toMicros = to.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli() * 1000;
    for (TableIdentifier id : List.of(LakeTables.SITE_LOAD_15MIN, LakeTables.CHARGER_LOAD_15MIN, LakeTables.VEHICLE_SOC_15MIN,
        LakeTables.DISPATCH_PLAN_VS_ACTUAL)) {
      catalog.loadTable(id).newDelete().deleteFromRowFilter(Expressions.and(
          Expressions.greaterThanOrEqual("interval_start", fromMicros), Expressions.lessThan("interval_start", toMicros)))
          .commit();
    }
    catalog.loadTable(LakeTables.SESSION).newDelete().deleteFromRowFilter(Expressions.and(
        Expressions.greaterThanOrEqual("plugged_in_at", fromMicros), Expressions.lessThan("plugged_in_at", toMicros))).commit();
    catalog.loadTable(LakeTables.SITE_DAY_SAVINGS).newDelete().deleteFromRowFilter(Expressions.and(
        Expressions.greaterThanOrEqual("settlement_date", from.toString()),
        Expressions.lessThan("settlement_date", to.toString()))).commit();
  }

  private static Map<String, SiteInfo> readSites(Table t) throws IOException {
    Map<String, SiteInfo> out = new TreeMap<>();
    if (t.currentSnapshot() == null) {
      return out;
    }
    try (CloseableIterable<Record> rows = IcebergGenerics.read(t).useSnapshot(t.currentSnapshot().snapshotId()).build()) {
      for (Record r : rows) {
        out.put((String) r.getField("site_id"), new SiteInfo((String) r.getField("site_id"), (String) r.getField("feeder_id"),
            (String) r.getField("fleet_id"), (String) r.getField("node"), (String) r.getField("emissions_region"),
            java.time.ZoneId.of((String) r.getField("time_zone")).getId(), (Double) r.getField("import_limit_kw")));
      }
    }
    return out;
  }

  /** Real-time LMP per node and 15-minute interval, USD/kWh; an hourly or 5-minute price covers the intervals starting in it. */
  static Map<String, Map<Long, BigDecimal>> readLmp(Table prices, List<String> nodes, long fromMs, long toMs) throws IOException {
    Map<String, Map<Long, BigDecimal>> out = new HashMap<>();
    if (nodes.isEmpty() || prices.currentSnapshot() == null) {
      return out;
    }
    try (CloseableIterable<Record> rows = IcebergGenerics.read(prices).useSnapshot(prices.currentSnapshot().snapshotId())
        .where(Expressions.and(Expressions.in("node", nodes.toArray()), Expressions.equal("market", "REAL_TIME"),
            Expressions.greaterThanOrEqual("interval_start", fromMs * 1000),
            Expressions.lessThan("interval_start", toMs * 1000))).build()) {
      for (Record r : rows) {
        long start = ((OffsetDateTime) r.getField("interval_start")).toInstant().toEpochMilli();
        long end = ((OffsetDateTime) r.getField("interval_end")).toInstant().toEpochMilli();
        BigDecimal perKwh = BigDecimal.valueOf((Double) r.getField("lmp_per_mwh"))
            .divide(BigDecimal.valueOf(1000), 6, RoundingMode.HALF_EVEN);
        for (long t = Math.floorDiv(start + Counterfactual.INTERVAL_MS - 1, Counterfactual.INTERVAL_MS) * Counterfactual.INTERVAL_MS;
             t < end; t += Counterfactual.INTERVAL_MS) {
          out.computeIfAbsent((String) r.getField("node"), k -> new HashMap<>()).put(t, perKwh);
        }
      }
    }
    return out;
  }

  private static Map<String, TreeMap<Long, Double>> readEmissions(Table t, List<String> regions, long fromMs, long toMs)
      throws IOException {
    Map<String, TreeMap<Long, Double>> out = new HashMap<>();
    if (regions.isEmpty() || t.currentSnapshot() == null) {
      return out;
    }
    try (CloseableIterable<Record> rows = IcebergGenerics.read(t).useSnapshot(t.currentSnapshot().snapshotId())
        .where(Expressions.and(Expressions.in("region", regions.toArray()),
            Expressions.greaterThanOrEqual("interval_start", (fromMs - 3_600_000L) * 1000),
            Expressions.lessThan("interval_start", toMs * 1000))).build()) {
      for (Record r : rows) {
        out.computeIfAbsent((String) r.getField("region"), k -> new TreeMap<>())
            .put(((OffsetDateTime) r.getField("interval_start")).toInstant().toEpochMilli(), (Double) r.getField("marginal_kg_co2_per_mwh"));
      }
    }
    return out;
  }

  /** SITE_LIMIT constraints per site and interval (the lowest in force wins). */
  private static Map<String, Map<Long, Double>> readLimits(Table t, Map<String, SiteInfo> sites, long fromMs, long toMs)
      throws IOException {
    Map<String, Map<Long, Double>> out = new HashMap<>();
    if (t.currentSnapshot() == null) {
      return out;
    }
    try (CloseableIterable<Record> rows = IcebergGenerics.read(t).useSnapshot(t.currentSnapshot().snapshotId())
        .where(Expressions.and(Expressions.equal("kind", "SITE_LIMIT"), Expressions.lessThan("valid_from", toMs * 1000),
            Expressions.greaterThan("valid_to", fromMs * 1000))).build()) {
      for (Record r : rows) {
        Double kw = (Double) r.getField("import_limit_kw");
        if (kw == null) {
          continue;
        }
        List<String> targets = new ArrayList<>();
        @SuppressWarnings("unchecked")
        List<String> siteIds = (List<String>) r.getField("site_ids");
        if (siteIds != null) {
          targets.addAll(siteIds);
        }
        targets.add((String) r.getField("scope_id"));
        long start = Math.max(fromMs, ((OffsetDateTime) r.getField("valid_from")).toInstant().toEpochMilli());
        long end = Math.min(toMs, ((OffsetDateTime) r.getField("valid_to")).toInstant().toEpochMilli());
        for (String site : targets) {
          if (!sites.containsKey(site)) {
            continue;
          }
          for (long i = Math.floorDiv(start, Counterfactual.INTERVAL_MS) * Counterfactual.INTERVAL_MS; i < end;
               i += Counterfactual.INTERVAL_MS) {
            out.computeIfAbsent(site, k -> new HashMap<>()).merge(i, kw, Math::min);
          }
        }
      }
    }
    return out;
  }

  private static Map<String, List<Departure>> readDepartures(Table t, long fromMs, long toMs) throws IOException {
    Map<String, List<Departure>> out = new HashMap<>();
    if (t.currentSnapshot() == null) {
      return out;
    }
    try (CloseableIterable<Record> rows = IcebergGenerics.read(t).useSnapshot(t.currentSnapshot().snapshotId())
        .where(Expressions.and(Expressions.greaterThanOrEqual("departure_time", fromMs * 1000),
            Expressions.lessThan("departure_time", toMs * 1000))).build()) {
      for (Record r : rows) {
        String vehicle = (String) r.getField("vehicle_id");
        if (vehicle != null) {
          out.computeIfAbsent(vehicle, k -> new ArrayList<>()).add(new Departure(
              ((OffsetDateTime) r.getField("departure_time")).toInstant().toEpochMilli(), (Double) r.getField("required_soc_pct")));
        }
      }
    }
    return out;
  }

  private static Result summarize(Catalog catalog, LocalDate from, LocalDate to, int sites, Map<String, Long> snaps,
                                  double seconds) throws IOException {
    BigDecimal[] m = new BigDecimal[6];
    java.util.Arrays.fill(m, BigDecimal.ZERO.setScale(4));
    String[] cols = {"actual_energy_cost_usd", "counterfactual_energy_cost_usd", "actual_demand_cost_usd",
        "counterfactual_demand_cost_usd", "v2g_revenue_usd", "degradation_cost_usd"};
    double carbon = 0;
    long days = 0;
    try (CloseableIterable<Record> rows = IcebergGenerics.read(catalog.loadTable(LakeTables.SITE_DAY_SAVINGS))
        .where(Expressions.and(Expressions.greaterThanOrEqual("settlement_date", from.toString()),
            Expressions.lessThan("settlement_date", to.toString()))).build()) {
      for (Record r : rows) {
        days++;
        for (int i = 0; i < cols.length; i++) {
          m[i] = m[i].add((BigDecimal) r.getField(cols[i]));
        }
        carbon += (Double) r.getField("carbon_avoided_kg");
      }
    }
    return new Result(from, to, sites, days, m[0], m[1], m[2], m[3], m[4], m[5], Math.round(carbon * 1e6) / 1e6, snaps, seconds);
  }
}
