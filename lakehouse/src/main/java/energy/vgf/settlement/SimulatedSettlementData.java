package energy.vgf.settlement;

import energy.vgf.lakehouse.tables.LakeTables;
import energy.vgf.lakehouse.tables.LakeWriter;
import energy.vgf.settlement.baseline.BaselineMethod;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleConsumer;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;

/**
 * Deterministic simulated depots for tests, the CLI demo data and the benchmark: {@code meters} sites with one
 * revenue meter each, 15-minute readings over [from, to) UTC days, and DR events called late in the period (so
 * their look-back lies inside it). Even sites are enrolled in a CAISO program (10-in-10, Los Angeles), odd ones
 * in a PJM program (High 4 of 5, New York). Sites shed about 30% of their load during events; a few event
 * intervals are missing or estimated, to exercise the flags.
 */
public final class SimulatedSettlementData {

  public static final String CAISO_PROGRAM = "caiso-elrp";
  public static final String PJM_PROGRAM = "pjm-elr";
  public static final ZoneId CAISO_ZONE = ZoneId.of("America/Los_Angeles");
  public static final ZoneId PJM_ZONE = ZoneId.of("America/New_York");

  private final int meters;
  private final LocalDate from;
  private final LocalDate to;
  private final List<LocalDate> eventDays;
  private final long seed;

  public SimulatedSettlementData(int meters, LocalDate from, LocalDate to, long seed) {
    this.meters = meters;
    this.from = from;
    this.to = to;
    this.seed = seed;
    // Four event days in the second half of the period, Tuesdays and Thursdays.
    List<LocalDate> days = new ArrayList<>();
    for (LocalDate d = to.minusDays(1); !d.isBefore(from.plusDays(18)) && days.size() < 4; d = d.minusDays(1)) {
      if (d.getDayOfWeek() == DayOfWeek.TUESDAY || d.getDayOfWeek() == DayOfWeek.THURSDAY) {
        days.add(0, d);
      }
    }
    this.eventDays = List.copyOf(days);
  }

  public List<LocalDate> eventDays() {
    return eventDays;
  }

  public long rows() {
    return (long) meters * (to.toEpochDay() - from.toEpochDay()) * 96;
  }

  public static String site(int i) {
    return String.format("site-%05d", i);
  }

  public static String fleet(int i) {
    return String.format("fleet-%02d", i % 10);
  }

  static ZoneId zoneOf(int site) {
    return site % 2 == 0 ? CAISO_ZONE : PJM_ZONE;
  }

  /** The settlement configuration that goes with the data: two programs, ten fleets at a 70% share. */
  public SettlementConfig config() {
    List<SettlementConfig.Contract> contracts = new ArrayList<>();
    for (int f = 0; f < 10; f++) {
      List<String> caiso = new ArrayList<>();
      List<String> pjm = new ArrayList<>();
      for (int i = f; i < meters; i += 10) {
        (i % 2 == 0 ? caiso : pjm).add(site(i));
      }
      String fleet = String.format("fleet-%02d", f);
      if (!caiso.isEmpty()) {
        contracts.add(new SettlementConfig.Contract(fleet, CAISO_PROGRAM, caiso, new BigDecimal("70")));
      }
      if (!pjm.isEmpty()) {
        contracts.add(new SettlementConfig.Contract(fleet, PJM_PROGRAM, pjm, new BigDecimal("70")));
      }
    }
    return new SettlementConfig(List.of(
        new SettlementConfig.Program(CAISO_PROGRAM, BaselineMethod.CAISO_10_IN_10, SettlementConfig.Rate.PROGRAM,
            new BigDecimal("0.50"), null, CAISO_ZONE, List.of()),
        new SettlementConfig.Program(PJM_PROGRAM, BaselineMethod.PJM_CBL_HIGH_4_OF_5, SettlementConfig.Rate.PROGRAM,
            new BigDecimal("0.40"), null, PJM_ZONE, List.of())),
        contracts, "0 6 2 * *", "target/reports");
  }

  /** Writes events and readings; returns rows written. {@code progress} receives 0..1. */
  public long write(Catalog catalog, DoubleConsumer progress) throws Exception {
    LakeTables.ensureAll(catalog);
    writeEvents(catalog.loadTable(LakeTables.GRID_CONSTRAINT));
    Table table = catalog.loadTable(LakeTables.SITE_METER_READING);
    int days = (int) (to.toEpochDay() - from.toEpochDay());
    AtomicLong written = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<List<DataFile>>> parts = new ArrayList<>();
      for (int d = 0; d < days; d++) {
        LocalDate day = from.plusDays(d);
        parts.add(pool.submit(() -> {
          List<DataFile> files = LakeWriter.write(table, new DayReadings(table, day));
          progress.accept(written.addAndGet((long) meters * 96) / (double) rows());
          return files;
        }));
      }
      List<DataFile> all = new ArrayList<>();
      for (Future<List<DataFile>> f : parts) {
        all.addAll(f.get());
      }
      LakeWriter.commit(table, all);
    } finally {
      pool.shutdownNow();
    }
    return written.get();
  }

  private void writeEvents(Table table) {
    List<Record> rows = new ArrayList<>();
    for (LocalDate d : eventDays) {
      rows.add(event(table, CAISO_PROGRAM, "CAISO_10_IN_10", d, CAISO_ZONE, 0.50));
      rows.add(event(table, PJM_PROGRAM, "PJM_CBL_HIGH_4_OF_5", d, PJM_ZONE, 0.40));
    }
    LakeWriter.append(table, rows);
  }

  private static Record event(Table table, String program, String method, LocalDate d, ZoneId zone, double rate) {
    GenericRecord r = GenericRecord.create(table.schema());
    Instant start = d.atTime(16, 0).atZone(zone).toInstant();
    r.setField("constraint_id", program + "-" + d);
    r.setField("kind", "DEMAND_RESPONSE_EVENT");
    r.setField("scope_id", program);
    r.setField("site_ids", List.of()); // every site the program's contracts enroll
    r.setField("valid_from", LakeWriter.ts(start));
    r.setField("valid_to", LakeWriter.ts(start.plusSeconds(4 * 3600)));
    r.setField("program_id", program);
    r.setField("baseline_method", method);
    r.setField("payment_per_kwh", rate);
    r.setField("source", "simulator");
    r.setField("issued_at", LakeWriter.ts(start.minusSeconds(86400)));
    return r;
  }

  /** kWh of site {@code i} in the interval starting at {@code t}: a daily shape in local time plus noise. */
  double load(int i, Instant t, SplittableRandom rnd) {
    ZoneId zone = zoneOf(i);
    var local = t.atZone(zone);
    double hour = local.getHour() + local.getMinute() / 60.0;
    double shape = 6 + 4 * Math.sin((hour - 9) / 24 * 2 * Math.PI) + (hour >= 15 && hour < 21 ? 3 : 0);
    double kwh = shape * (1 + (i % 7) / 10.0) * (0.9 + 0.2 * rnd.nextDouble());
    if (local.getDayOfWeek() == DayOfWeek.SATURDAY || local.getDayOfWeek() == DayOfWeek.SUNDAY) {
      kwh *= 0.6;
    }
    if (eventDays.contains(local.toLocalDate()) && hour >= 16 && hour < 20) {
      kwh *= 0.7; // the fleet delays charging during the event
    }
    return Math.round(kwh * 1000) / 1000.0;
  }

  /** One UTC day of every meter's readings, meter-major (the table's sort order within the partition). */
  private final class DayReadings implements Iterator<Record> {
    private final Record template;
    private final Instant dayStart;
    private final LocalDate day;
    private int meter;
    private int interval;
    private SplittableRandom rnd;

    DayReadings(Table table, LocalDate day) {
      this.template = GenericRecord.create(table.schema());
      this.day = day;
      this.dayStart = day.atStartOfDay(ZoneOffset.UTC).toInstant();
      this.rnd = new SplittableRandom(seed ^ day.toEpochDay());
    }

    @Override
    public boolean hasNext() {
      return meter < meters;
    }

    @Override
    public Record next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Instant t = dayStart.plusSeconds(900L * interval);
      Record r = template.copy();
      r.setField("site_id", site(meter));
      r.setField("meter_id", "meter-" + site(meter).substring(5));
      r.setField("interval_start", LakeWriter.ts(t));
      r.setField("interval_end", LakeWriter.ts(t.plusSeconds(900)));
      double kwh = load(meter, t, rnd);
      String quality = "VALID";
      // A reproducible sprinkle of bad intervals on event days: ~1 in 500 missing, ~1 in 500 estimated.
      if (eventDays.contains(t.atZone(zoneOf(meter)).toLocalDate())) {
        int h = Math.floorMod((meter * 31 + interval) * 2654435761L, 1000);
        quality = h == 0 ? "MISSING" : h == 1 ? "ESTIMATED" : "VALID";
      }
      r.setField("energy_import_kwh", "MISSING".equals(quality) ? 0.0 : kwh);
      r.setField("energy_export_kwh", 0.0);
      r.setField("quality", quality);
      r.setField("source", "simulator");
      if (++interval == 96) {
        interval = 0;
        meter++;
      }
      return r;
    }
  }

  public Map<String, Object> describe() {
    return Map.of("meters", meters, "from", from.toString(), "to", to.toString(), "event_days", eventDays.toString());
  }
}
