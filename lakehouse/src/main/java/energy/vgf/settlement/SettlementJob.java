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
          meters.currentSnapshot() == null ? null : meters.currentSnapshot().snapshotId(),
          meters.currentSnapshot() == null ? 0
              : Long.parseLong(meters.currentSnapshot().summary().getOrDefault("total-files-size", "0")));
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
                        Long meterSnapshot, long meterTableBytes) throws Exception {
    Configuration conf = new Configuration();
    conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.ofMebiBytes(384));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setRuntimeMode(RuntimeExecutionMode.BATCH);
    env.setParallelism(parallelism);
    // No operator here keeps or mutates a record it was handed: chained operators can share instances instead of
    // deep-copying every row (with a generic RowData type that copy went through Kryo: 3/4 of the job's CPU).
    env.getConfig().enableObjectReuse();

    Schema projection = LakeTables.get(LakeTables.SITE_METER_READING).schema()
        .select("site_id", "meter_id", "interval_start", "energy_import_kwh", "quality");
    int[] col = positions(projection, "site_id", "meter_id", "interval_start", "energy_import_kwh", "quality");
    List<Expression> filters = new ArrayList<>();
    filters.add(Expressions.greaterThanOrEqual("interval_start", readFrom.toEpochMilli() * 1000));
    filters.add(Expressions.lessThan("interval_start", readTo.toEpochMilli() * 1000));
    if (eventsBySite.size() <= 1000) {
      filters.add(Expressions.in("site_id", eventsBySite.keySet().toArray()));
    }
    IcebergSource.Builder<RowData> source = IcebergSource.forRowData()
        .tableLoader(TableLoader.fromCatalog(catalogConfig.loader(), LakeTables.SITE_METER_READING))
        .streaming(false).project(projection).filters(filters)
        // Iceberg packs small files into 128 MB splits: a month of one meter table is often ONE split, read by one
        // subtask while the other idles. Splits of about 1/4 of a subtask's share keep every reader busy.
        .splitSize(splitSizeBytes(meterTableBytes, parallelism));
    if (meterSnapshot != null) {
      source.setAll(Map.of("snapshot-id", String.valueOf(meterSnapshot)));
    }
    TimeOfDayFilter needed = TimeOfDayFilter.of(eventsBySite);
    DataStream<MeterBatch> readings = env.fromSource(source.build(), WatermarkStrategy.noWatermarks(), "site_meter_reading",
            Rows.typeOf(projection))
        .transform("needed-readings", TypeInformation.of(MeterBatch.class), new NeededReadings(needed, col));

    SingleOutputStreamOperator<RowData> performance = readings
        // Keyed by site (a site's meters are told apart inside): no per-row key string to build, sort and compare.
        .keyBy(r -> r.siteId, TypeInformation.of(String.class))
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

  /**
   * Rows matching {@code filter}. The settlement tables are partitioned by exactly what the summary filters on
   * (local day, program), so whole files match and their record counts come from metadata; a file whose rows
   * only partly match (residual filter) is read.
   */
  private static long count(Table t, Expression filter) throws IOException {
    long n = 0;
    try (CloseableIterable<org.apache.iceberg.FileScanTask> tasks = t.newScan().filter(filter).planFiles()) {
      for (org.apache.iceberg.FileScanTask task : tasks) {
        if (task.residual().equals(Expressions.alwaysTrue()) && task.deletes().isEmpty()) {
          n += task.file().recordCount();
        } else {
          try (CloseableIterable<Record> rows = IcebergGenerics.read(t).where(filter).build()) {
            n = 0;
            for (Record ignored : rows) {
              n++;
            }
          }
          return n;
        }
      }
    }
    return n;
  }

  static long splitSizeBytes(long tableBytes, int parallelism) {
    long share = tableBytes / Math.max(1, parallelism * 4L);
    return Math.max(1L << 20, Math.min(128L << 20, share));
  }

  private static int[] positions(Schema projected, String... columns) {
    int[] out = new int[columns.length];
    for (int k = 0; k < columns.length; k++) {
      out[k] = projected.columns().indexOf(projected.findField(columns[k]));
    }
    return out;
  }

  /** Per site, the local time-of-day windows [event start - 4 h, event end) that any baseline needs. */
  static final class TimeOfDayFilter implements java.io.Serializable {
    /** Per site: {zone index, from minute, to minute} in the local time of the event's program. */
    private final Map<String, List<int[]>> windowsBySite = new HashMap<>();
    private final List<String> zones = new ArrayList<>();
    /** Per zone: the local minutes of day that at least one site's window covers (the cheap first test). */
    private final List<boolean[]> anyByZone = new ArrayList<>();
    private transient ZoneRules[] rules;
    /** Per zone: the UTC offset in seconds and the epoch-second range it holds for (offsets change twice a year). */
    private transient long[][] offsetCache;

    static TimeOfDayFilter of(Map<String, List<EventSpec>> eventsBySite) {
      TimeOfDayFilter f = new TimeOfDayFilter();
      eventsBySite.forEach((site, events) -> {
        List<int[]> windows = new ArrayList<>();
        for (EventSpec e : events) {
          // A site may be enrolled in programs of different zones: each window keeps its own program's zone.
          ZoneId z = ZoneId.of(e.zoneId());
          if (!f.zones.contains(e.zoneId())) {
            f.zones.add(e.zoneId());
            f.anyByZone.add(new boolean[1440]);
          }
          LocalTime s = Instant.ofEpochMilli(e.startMs()).minusSeconds(4 * 3600).atZone(z).toLocalTime();
          LocalTime en = Instant.ofEpochMilli(e.endMs()).atZone(z).toLocalTime();
          int[] w = {f.zones.indexOf(e.zoneId()), s.toSecondOfDay() / 60, en.toSecondOfDay() / 60};
          windows.add(w);
          boolean[] any = f.anyByZone.get(w[0]);
          for (int m = 0; m < 1440; m++) {
            any[m] |= inside(w, m);
          }
        }
        f.windowsBySite.put(site, windows);
      });
      return f;
    }

    /** Whether any site could need a reading starting at {@code startMs}: no site id needed to answer. */
    boolean anySite(long startMs) {
      for (int z = 0; z < zones.size(); z++) {
        if (anyByZone.get(z)[minuteOfDay(z, startMs)]) {
          return true;
        }
      }
      return false;
    }

    boolean keep(String site, long startMs) {
      List<int[]> windows = windowsBySite.get(site);
      if (windows == null) {
        return false;
      }
      for (int[] w : windows) {
        if (inside(w, minuteOfDay(w[0], startMs))) {
          return true;
        }
      }
      return false;
    }

    private static boolean inside(int[] w, int minute) {
      return w[1] <= w[2] ? minute >= w[1] && minute < w[2] : minute >= w[1] || minute < w[2];
    }

    private int minuteOfDay(int zone, long startMs) {
      if (rules == null) {
        rules = zones.stream().map(z -> ZoneId.of(z).getRules()).toArray(ZoneRules[]::new);
        offsetCache = new long[zones.size()][];
      }
      long epochSecond = Math.floorDiv(startMs, 1000L);
      long[] c = offsetCache[zone];
      if (c == null || epochSecond < c[1] || epochSecond >= c[2]) {
        c = offsetRange(rules[zone], epochSecond);
        offsetCache[zone] = c;
      }
      return (int) Math.floorMod((epochSecond + c[0]) / 60, 1440L);
    }

    private static long[] offsetRange(ZoneRules rules, long epochSecond) {
      Instant t = Instant.ofEpochSecond(epochSecond);
      var previous = rules.previousTransition(t.plusSeconds(1));
      var next = rules.nextTransition(t);
      return new long[] {rules.getOffset(t).getTotalSeconds(),
          previous == null ? Long.MIN_VALUE : previous.toEpochSecond(),
          next == null ? Long.MAX_VALUE : next.toEpochSecond()};
    }
  }
}
