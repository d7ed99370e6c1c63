package energy.vgf.settlement;

import energy.vgf.lakehouse.catalog.LakeCatalogConfig;
import energy.vgf.lakehouse.tables.LakeTables;
import energy.vgf.settlement.baseline.MeterQuality;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZoneId;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * Demand-response settlement of a period as one Flink BATCH job over Iceberg:
 * raw.site_meter_reading (IcebergSource, pinned to a snapshot) -> per meter baseline and performance ->
 * settlement.dr_event_baseline, settlement.dr_event_performance, settlement.payment, settlement.statement.
 *
 * <p>Idempotent: the period's partitions of every output table are deleted first (local settlement days
 * are identity partitions, so the delete is metadata-only), then the job appends; every row carries the
 * snapshot ids of the inputs it read, and nothing depends on wall-clock time, so re-running the same period
 * on the same snapshots writes identical rows. Event definitions and prices are small and read on the client
 * from the same pinned snapshots.
 */
public final class SettlementJob {

  private static final Logger LOG = LoggerFactory.getLogger(SettlementJob.class);

  /** One period's outcome, read back from the committed tables. */
  public record Result(LocalDate from, LocalDate to, int events, long performanceRows, long baselineRows,
                       long paymentRows, long statementRows, BigDecimal programPaymentUsd, BigDecimal fleetCreditUsd,
                       long flaggedIntervals, Map<String, Long> inputSnapshots, double seconds) {
  }

  private final LakeCatalogConfig catalogConfig;
  private final SettlementConfig config;
  private int parallelism = 2;

  public SettlementJob(LakeCatalogConfig catalogConfig, SettlementConfig config) {
    this.catalogConfig = catalogConfig;
    this.config = config;
  }

  public SettlementJob parallelism(int p) {
    this.parallelism = p;
    return this;
  }

  /** Settles local days [from, to) for every configured program, or only {@code programId} when not null. */
  public Result run(LocalDate from, LocalDate to, String programId) throws Exception {
    long t0 = System.nanoTime();
    Catalog catalog = catalogConfig.open();
    LakeTables.ensureAll(catalog);
    Table meters = catalog.loadTable(LakeTables.SITE_METER_READING);
    Table constraints = catalog.loadTable(LakeTables.GRID_CONSTRAINT);
    Table prices = catalog.loadTable(LakeTables.MARKET_PRICE);
    Map<String, Long> snapshots = new LinkedHashMap<>();
    Instant computedAt = Instant.EPOCH;
    for (Table t : List.of(meters, constraints, prices)) {
      Snapshot s = t.currentSnapshot();
      if (s != null) {
        snapshots.put(t.name().replaceFirst("^[^.]+\\.", ""), s.snapshotId());
        // "computed as of" = the newest input commit: deterministic, unlike the wall clock.
        computedAt = Instant.ofEpochMilli(Math.max(computedAt.toEpochMilli(), s.timestampMillis()));
      }
    }
    Map<String, Long> snaps = Map.copyOf(snapshots);

    // ---- events (small: read on the client from the pinned snapshot)
    Map<String, List<EventSpec>> eventsBySite = new HashMap<>();
    Map<String, Set<LocalDate>> eventDaysBySite = new HashMap<>();
    Set<String> lmpNodes = new HashSet<>();
    int settled = 0;
    // Each program settles in its own time zone: its local days, statement periods and look-back windows. The
    // readings window is the union over the programs' zones (45-day look-back + margin before, one day after).
    List<SettlementConfig.Program> programs = config.programs().stream()
        .filter(p -> programId == null || p.id().equals(programId)).toList();
    if (programId != null && programs.isEmpty()) {
      throw new IllegalArgumentException("no program " + programId + " in the settlement configuration; configured: "
          + config.programs().stream().map(SettlementConfig.Program::id).toList());
    }
    Instant readFrom = config.programs().stream().map(p -> from.minusDays(47).atStartOfDay(p.timeZone()).toInstant())
        .min(Instant::compareTo).orElse(from.minusDays(47).atStartOfDay(ZoneOffset.UTC).toInstant());
    Instant readTo = config.programs().stream().map(p -> to.plusDays(1).atStartOfDay(p.timeZone()).toInstant())
        .max(Instant::compareTo).orElse(to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
    if (snaps.containsKey("raw.grid_constraint") || constraints.currentSnapshot() != null) {
      try (CloseableIterable<Record> rows = IcebergGenerics.read(constraints)
          .useSnapshot(constraints.currentSnapshot().snapshotId())
          .where(Expressions.equal("kind", "DEMAND_RESPONSE_EVENT")).build()) {
        for (Record r : rows) {
          String program = (String) r.getField("program_id");
          if (program == null || config.programs().stream().noneMatch(p -> p.id().equals(program))) {
            continue;
          }
          SettlementConfig.Program p = config.program(program);
          Instant start = ((OffsetDateTime) r.getField("valid_from")).toInstant();
          Instant end = ((OffsetDateTime) r.getField("valid_to")).toInstant();
          LocalDate day = start.atZone(p.timeZone()).toLocalDate();
          @SuppressWarnings("unchecked")
          List<String> sites = new ArrayList<>((List<String>) r.getField("site_ids"));
          if (sites.isEmpty()) {
            config.contracts().stream().filter(c -> c.programId().equals(program)).forEach(c -> sites.addAll(c.siteIds()));
          }
          // Every DR event day of a site is excluded from all its look-backs, whichever program called it.
          sites.forEach(s -> eventDaysBySite.computeIfAbsent(s, k -> new HashSet<>()).add(day));
          if (day.isBefore(from) || !day.isBefore(to) || (programId != null && !programId.equals(program))) {
            continue;
          }
          Double eventRate = (Double) r.getField("payment_per_kwh");
          BigDecimal rate = p.rate() == SettlementConfig.Rate.LMP ? null
              : eventRate != null ? BigDecimal.valueOf(eventRate) : p.paymentPerKwh();
          if (rate == null && p.rate() == SettlementConfig.Rate.PROGRAM) {
            throw new IllegalArgumentException("program " + program + ": no payment_per_kwh on event "
                + r.getField("constraint_id") + " nor in the configuration");
          }
          if (p.rate() == SettlementConfig.Rate.LMP) {
            lmpNodes.add(p.lmpNode());
          }
          EventSpec spec = new EventSpec((String) r.getField("constraint_id"), program, start.toEpochMilli(),
              end.toEpochMilli(), p.baselineMethod(), rate, p.lmpNode(), p.timeZone().getId(), p.extraHolidays(),
              day, List.copyOf(sites));
          sites.forEach(s -> eventsBySite.computeIfAbsent(s, k -> new ArrayList<>()).add(spec));
          settled++;
        }
      }
    }
    Map<String, Map<Long, BigDecimal>> lmp = readLmp(prices, lmpNodes, readFrom, readTo);

    // ---- idempotency: clear the period's partitions of every output table first
    deletePeriod(catalog, from, to, programs);

    if (settled > 0) {
      runFlink(from, to, eventsBySite, eventDaysBySite, lmp, snaps, computedAt, readFrom, readTo,
          meters.currentSnapshot() == null ? null : meters.currentSnapshot().snapshotId());
    } else {
      LOG.warn("no DR events to settle between {} and {}{}", from, to, programId == null ? "" : " for " + programId);
    }
    Result r = summarize(catalog, from, to, programs, settled, snaps, (System.nanoTime() - t0) / 1e9);
    if (catalog instanceof AutoCloseable c) {
      c.close();
    }
    return r;
  }

  private void runFlink(LocalDate from, LocalDate to, Map<String, List<EventSpec>> eventsBySite,
                        Map<String, Set<LocalDate>> eventDaysBySite, Map<String, Map<Long, BigDecimal>> lmp,
                        Map<String, Long> snaps, Instant computedAt, Instant readFrom, Instant readTo,
                        Long meterSnapshot) throws Exception {
    Configuration conf = new Configuration();
    conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.ofMebiBytes(384));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setRuntimeMode(RuntimeExecutionMode.BATCH);
    env.setParallelism(parallelism);

    Schema projection = LakeTables.get(LakeTables.SITE_METER_READING).schema()
        .select("site_id", "meter_id", "interval_start", "energy_import_kwh", "quality");
    List<Expression> filters = new ArrayList<>();
    filters.add(Expressions.greaterThanOrEqual("interval_start", readFrom.toEpochMilli() * 1000));
    filters.add(Expressions.lessThan("interval_start", readTo.toEpochMilli() * 1000));
    if (eventsBySite.size() <= 1000) {
      filters.add(Expressions.in("site_id", eventsBySite.keySet().toArray()));
    }
    IcebergSource.Builder<RowData> source = IcebergSource.forRowData()
        .tableLoader(TableLoader.fromCatalog(catalogConfig.loader(), LakeTables.SITE_METER_READING))
        .streaming(false).project(projection).filters(filters);
    if (meterSnapshot != null) {
      source.setAll(Map.of("snapshot-id", String.valueOf(meterSnapshot)));
    }
    TimeOfDayFilter needed = TimeOfDayFilter.of(eventsBySite);
    DataStream<Reading> readings = env.fromSource(source.build(), WatermarkStrategy.noWatermarks(), "site_meter_reading",
            TypeInformation.of(RowData.class))
        .flatMap((RowData row, org.apache.flink.util.Collector<Reading> out) -> {
          String site = row.getString(0).toString();
          long startMs = row.getTimestamp(2, 6).getMillisecond();
          // Only the intervals a baseline can use (event periods and adjustment windows, at local time):
          // the rest of the day never reaches the shuffle.
          if (needed.keep(site, startMs)) {
            out.collect(new Reading(site, row.getString(1).toString(), startMs, row.getDouble(3),
                (byte) MeterQuality.valueOf(row.getString(4).toString()).ordinal()));
          }
        }).returns(Reading.class).name("needed-intervals");

    SingleOutputStreamOperator<RowData> performance = readings
        .keyBy(r -> r.siteId + "|" + r.meterId, TypeInformation.of(String.class))
        .process(new MeterSettlement(eventsBySite, eventDaysBySite, lmp, snaps))
        .returns(Rows.typeOf(LakeTables.get(LakeTables.DR_EVENT_PERFORMANCE).schema()))
        .uid("meter-settlement").name("baseline-and-performance");

    DataStream<RowData> payments = performance.getSideOutput(MeterSettlement.PAYMENTS)
        .keyBy(p -> p.programId + "|" + p.siteId, TypeInformation.of(String.class))
        .process(new SitePayments(config, from, to, snaps))
        .returns(Rows.typeOf(LakeTables.get(LakeTables.PAYMENT).schema()))
        .uid("site-payments").name("site-payments");
    DataStream<RowData> statements = payments
        .flatMap(new FleetStatements(from, to, zonesByProgram(config.programs()), computedAt, snaps))
        .returns(Rows.typeOf(LakeTables.get(LakeTables.STATEMENT).schema()))
        .uid("fleet-statements").name("fleet-statements");

    sink(performance, LakeTables.DR_EVENT_PERFORMANCE, parallelism);
    sink(performance.getSideOutput(MeterSettlement.BASELINES), LakeTables.DR_EVENT_BASELINE, 1);
    sink(payments, LakeTables.PAYMENT, 1);
    sink(statements, LakeTables.STATEMENT, 1);
    env.execute("settlement " + from + ".." + to);
  }

  private void sink(DataStream<RowData> stream, TableIdentifier id, int writers) {
    FlinkSink.forRowData(stream)
        .tableLoader(TableLoader.fromCatalog(catalogConfig.loader(), id))
        .writeParallelism(writers)
        .uidPrefix("sink-" + id.name())
        .append();
  }

  /**
   * Clears what the settled programs wrote for the period, and nothing else: every settlement table is partitioned
   * by program, so a re-run of one program ({@code --program}) leaves the others' rows alone, and every delete
   * matches whole files (metadata-only).
   */
  static void deletePeriod(Catalog catalog, LocalDate from, LocalDate to, List<SettlementConfig.Program> programs) {
    for (SettlementConfig.Program p : programs) {
      Expression program = Expressions.equal("program_id", p.id());
      for (TableIdentifier id : List.of(LakeTables.DR_EVENT_PERFORMANCE, LakeTables.DR_EVENT_BASELINE)) {
        catalog.loadTable(id).newDelete().deleteFromRowFilter(Expressions.and(program,
            Expressions.greaterThanOrEqual("settlement_date", from.toString()),
            Expressions.lessThan("settlement_date", to.toString()))).commit();
      }
      catalog.loadTable(LakeTables.PAYMENT).newDelete().deleteFromRowFilter(Expressions.and(program,
          Expressions.equal("period_start", from.toString()), Expressions.equal("period_end", to.toString()))).commit();
      catalog.loadTable(LakeTables.STATEMENT).newDelete().deleteFromRowFilter(statementPeriod(from, to, p)).commit();
    }
  }

  /** A program's statement lines of the period: stamped with the program's local midnights. */
  static Expression statementPeriod(LocalDate from, LocalDate to, SettlementConfig.Program p) {
    return Expressions.and(Expressions.equal("program_id", p.id()),
        Expressions.equal("period_start", from.atStartOfDay(p.timeZone()).toInstant().toEpochMilli() * 1000),
        Expressions.equal("period_end", to.atStartOfDay(p.timeZone()).toInstant().toEpochMilli() * 1000));
  }

  static Map<String, String> zonesByProgram(List<SettlementConfig.Program> programs) {
    Map<String, String> out = new HashMap<>();
    programs.forEach(p -> out.put(p.id(), p.timeZone().getId()));
    return out;
  }

  private static Map<String, Map<Long, BigDecimal>> readLmp(Table prices, Set<String> nodes, Instant from, Instant to)
      throws IOException {
    Map<String, Map<Long, BigDecimal>> out = new HashMap<>();
    if (nodes.isEmpty() || prices.currentSnapshot() == null) {
      return out;
    }
    try (CloseableIterable<Record> rows = IcebergGenerics.read(prices).useSnapshot(prices.currentSnapshot().snapshotId())
        .where(Expressions.and(Expressions.in("node", nodes.toArray()), Expressions.equal("market", "REAL_TIME"),
            Expressions.greaterThanOrEqual("interval_start", from.toEpochMilli() * 1000),
            Expressions.lessThan("interval_start", to.toEpochMilli() * 1000))).build()) {
      for (Record r : rows) {
        Instant start = ((OffsetDateTime) r.getField("interval_start")).toInstant();
        Instant end = ((OffsetDateTime) r.getField("interval_end")).toInstant();
        BigDecimal perKwh = BigDecimal.valueOf((Double) r.getField("lmp_per_mwh")).divide(BigDecimal.valueOf(1000), 6,
            RoundingMode.HALF_EVEN);
        // An hourly or 5-minute price applies to every 15-minute interval starting inside it.
        for (Instant t = start; t.isBefore(end); t = t.plusSeconds(900)) {
          out.computeIfAbsent((String) r.getField("node"), k -> new TreeMap<>()).put(t.toEpochMilli(), perKwh);
        }
      }
    }
    return out;
  }

  private static Result summarize(Catalog catalog, LocalDate from, LocalDate to, List<SettlementConfig.Program> programs,
                                  int events, Map<String, Long> snaps, double seconds) throws IOException {
    Expression settled = programs.isEmpty() ? Expressions.alwaysFalse()
        : Expressions.in("program_id", programs.stream().map(SettlementConfig.Program::id).toArray());
    Expression period = Expressions.and(settled, Expressions.greaterThanOrEqual("settlement_date", from.toString()),
        Expressions.lessThan("settlement_date", to.toString()));
    long perf = count(catalog.loadTable(LakeTables.DR_EVENT_PERFORMANCE), period);
    long base = count(catalog.loadTable(LakeTables.DR_EVENT_BASELINE), period);
    BigDecimal pay = BigDecimal.ZERO.setScale(4);
    BigDecimal credit = BigDecimal.ZERO.setScale(4);
    long flagged = 0;
    long payments = 0;
    try (CloseableIterable<Record> rows = IcebergGenerics.read(catalog.loadTable(LakeTables.PAYMENT))
        .where(Expressions.and(settled, Expressions.equal("period_start", from.toString()),
            Expressions.equal("period_end", to.toString()))).build()) {
      for (Record r : rows) {
        payments++;
        pay = pay.add((BigDecimal) r.getField("program_payment_usd"));
        credit = credit.add((BigDecimal) r.getField("fleet_credit_usd"));
        flagged += (Integer) r.getField("flagged_intervals");
      }
    }
    long statements = 0;
    for (SettlementConfig.Program p : programs) {
      statements += count(catalog.loadTable(LakeTables.STATEMENT), statementPeriod(from, to, p));
    }
    return new Result(from, to, events, perf, base, payments, statements, pay, credit, flagged, snaps, seconds);
  }

  private static long count(Table t, Expression filter) throws IOException {
    long n = 0;
    try (CloseableIterable<Record> rows = IcebergGenerics.read(t).where(filter).build()) {
      for (Record ignored : rows) {
        n++;
      }
    }
    return n;
  }

  /** Per site, the local time-of-day windows [event start - 4 h, event end) that any baseline needs. */
  static final class TimeOfDayFilter implements java.io.Serializable {
    /** Per site: {zone index, from minute, to minute} in the local time of the event's program. */
    private final Map<String, List<int[]>> windowsBySite = new HashMap<>();
    private final List<String> zones = new ArrayList<>();
    private transient ZoneRules[] rules;

    static TimeOfDayFilter of(Map<String, List<EventSpec>> eventsBySite) {
      TimeOfDayFilter f = new TimeOfDayFilter();
      eventsBySite.forEach((site, events) -> {
        List<int[]> windows = new ArrayList<>();
        for (EventSpec e : events) {
          // A site may be enrolled in programs of different zones: each window keeps its own program's zone.
          ZoneId z = ZoneId.of(e.zoneId());
          if (!f.zones.contains(e.zoneId())) {
            f.zones.add(e.zoneId());
          }
          LocalTime s = Instant.ofEpochMilli(e.startMs()).minusSeconds(4 * 3600).atZone(z).toLocalTime();
          LocalTime en = Instant.ofEpochMilli(e.endMs()).atZone(z).toLocalTime();
          windows.add(new int[] {f.zones.indexOf(e.zoneId()), s.toSecondOfDay() / 60, en.toSecondOfDay() / 60});
        }
        f.windowsBySite.put(site, windows);
      });
      return f;
    }

    boolean keep(String site, long startMs) {
      List<int[]> windows = windowsBySite.get(site);
      if (windows == null) {
        return false;
      }
      if (rules == null) {
        rules = zones.stream().map(z -> ZoneId.of(z).getRules()).toArray(ZoneRules[]::new);
      }
      Instant t = Instant.ofEpochMilli(startMs);
      for (int[] w : windows) {
        long local = startMs / 1000 + rules[w[0]].getOffset(t).getTotalSeconds();
        int minute = (int) Math.floorMod(local / 60, 1440L);
        boolean inside = w[1] <= w[2] ? minute >= w[1] && minute < w[2] : minute >= w[1] || minute < w[2];
        if (inside) {
          return true;
        }
      }
      return false;
    }
  }
}
