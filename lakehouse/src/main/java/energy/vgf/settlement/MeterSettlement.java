package energy.vgf.settlement;

import energy.vgf.lakehouse.tables.LakeTables;
import energy.vgf.settlement.baseline.BaselineResult;
import energy.vgf.settlement.baseline.HolidayCalendar;
import energy.vgf.settlement.baseline.IntervalReading;
import energy.vgf.settlement.baseline.MeterHistory;
import energy.vgf.settlement.baseline.MeterQuality;
import energy.vgf.settlement.performance.EventPerformance;
import energy.vgf.settlement.performance.IntervalPerformance;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.table.data.RowData;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.apache.iceberg.Schema;

/**
 * Per site (the key), for each of its meters: gathers the readings, then, at the end of the key (BATCH mode fires
 * event-time timers when a key's input ends), computes the baseline and performance of every event of the site.
 * Main output: dr_event_performance rows; side outputs: dr_event_baseline rows and payment parts.
 */
final class MeterSettlement extends KeyedProcessFunction<String, MeterBatch, RowData> {

  static final OutputTag<RowData> BASELINES =
      new OutputTag<>("baselines", Rows.typeOf(LakeTables.get(LakeTables.DR_EVENT_BASELINE).schema()));
  static final OutputTag<PaymentPart> PAYMENTS =
      new OutputTag<>("payments", TypeInformation.of(PaymentPart.class));

  private final Map<String, List<EventSpec>> eventsBySite;
  private final Map<String, Set<LocalDate>> eventDaysBySite;
  private final Map<String, Map<Long, BigDecimal>> lmpPerKwhByNode;
  private final Map<String, Long> inputSnapshots;
  private transient ListState<MeterBatch> readings;
  private transient Schema perfSchema;
  private transient Schema baselineSchema;

  MeterSettlement(Map<String, List<EventSpec>> eventsBySite, Map<String, Set<LocalDate>> eventDaysBySite,
                  Map<String, Map<Long, BigDecimal>> lmpPerKwhByNode, Map<String, Long> inputSnapshots) {
    this.eventsBySite = eventsBySite;
    this.eventDaysBySite = eventDaysBySite;
    this.lmpPerKwhByNode = lmpPerKwhByNode;
    this.inputSnapshots = inputSnapshots;
  }

  @Override
  public void open(org.apache.flink.api.common.functions.OpenContext ctx) {
    readings = getRuntimeContext().getListState(new ListStateDescriptor<>("readings", MeterBatch.class));
    perfSchema = LakeTables.get(LakeTables.DR_EVENT_PERFORMANCE).schema();
    baselineSchema = LakeTables.get(LakeTables.DR_EVENT_BASELINE).schema();
  }

  @Override
  public void processElement(MeterBatch r, Context ctx, Collector<RowData> out) throws Exception {
    readings.add(r);
    ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE - 1);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<RowData> out) throws Exception {
    // The key is the site: its meters are settled one by one, in meter id order (a deterministic output order).
    Map<String, List<IntervalReading>> byMeter = new TreeMap<>();
    String siteId = null;
    MeterQuality[] qualities = MeterQuality.values();
    for (MeterBatch b : readings.get()) {
      siteId = b.siteId;
      List<IntervalReading> list = byMeter.computeIfAbsent(b.meterId, k -> new ArrayList<>());
      for (int i = 0; i < b.size(); i++) {
        list.add(new IntervalReading(Instant.ofEpochMilli(b.startMs[i]), b.importKwh[i], qualities[b.quality[i]]));
      }
    }
    readings.clear();
    if (siteId == null) {
      return;
    }
    for (Map.Entry<String, List<IntervalReading>> m : byMeter.entrySet()) {
      settleMeter(siteId, m.getKey(), m.getValue(), ctx, out);
    }
  }

  private void settleMeter(String siteId, String meterId, List<IntervalReading> list, OnTimerContext ctx,
                           Collector<RowData> out) {
    Set<LocalDate> eventDays = eventDaysBySite.getOrDefault(siteId, Set.of());
    // One history per zone, shared by the site's events (they are nearly always in one program zone).
    Map<String, MeterHistory> histories = new HashMap<>(2);
    for (EventSpec e : eventsBySite.getOrDefault(siteId, List.of())) {
      MeterHistory meter = histories.computeIfAbsent(e.zoneId(),
          z -> new MeterHistory(siteId, meterId, ZoneId.of(z), list));
      BaselineResult b = e.method().compute(meter, new energy.vgf.settlement.baseline.DrEvent(e.eventId(), e.programId(),
          Instant.ofEpochMilli(e.startMs()), Instant.ofEpochMilli(e.endMs())), eventDays,
          HolidayCalendar.nerc(new HashSet<>(e.extraHolidays())));
      List<IntervalPerformance> perf = EventPerformance.compute(b, meter, t -> rate(e, t));
      ctx.output(BASELINES, new Rows.Builder(baselineSchema)
          .set("program_id", e.programId()).set("event_id", e.eventId()).set("site_id", siteId)
          .set("meter_id", meterId).set("settlement_date", e.settlementDate())
          .set("baseline_method", e.method().name()).set("status", b.status().name())
          .set("selected_days", b.selectedDays())
          .set("adjustment_window_actual_kwh", b.windowActualKwh())
          .set("adjustment_window_baseline_kwh", b.windowBaselineKwh())
          .set("adjustment", b.adjustment()).set("input_snapshots", inputSnapshots).build());
      double reduction = 0;
      BigDecimal payment = BigDecimal.ZERO.setScale(EventPerformance.MONEY_SCALE);
      int flagged = 0;
      for (IntervalPerformance p : perf) {
        out.collect(new Rows.Builder(perfSchema)
            .set("program_id", e.programId()).set("event_id", e.eventId()).set("site_id", siteId)
            .set("meter_id", meterId).set("settlement_date", e.settlementDate())
            .set("interval_start", p.intervalStart()).set("baseline_method", e.method().name())
            .set("unadjusted_baseline_kwh", p.unadjustedBaselineKwh()).set("baseline_kwh", p.baselineKwh())
            .set("metered_kwh", p.meteredKwh()).set("reduction_kwh", p.reductionKwh())
            .set("meter_quality", p.quality().name()).set("paid", p.paid())
            .set("rate_per_kwh", p.ratePerKwh()).set("payment_usd", p.paymentUsd())
            .set("input_snapshots", inputSnapshots).build());
        if (p.paid()) {
          reduction += Math.max(0, p.reductionKwh());
          payment = payment.add(p.paymentUsd());
        }
        if (p.flagged()) {
          flagged++;
        }
      }
      ctx.output(PAYMENTS, new PaymentPart(e.programId(), siteId, e.eventId(), reduction, payment, flagged));
    }
  }


  private BigDecimal rate(EventSpec e, Instant t) {
    if (e.programRatePerKwh() != null) {
      return e.programRatePerKwh().setScale(6, java.math.RoundingMode.HALF_EVEN);
    }
    Map<Long, BigDecimal> lmp = lmpPerKwhByNode.getOrDefault(e.lmpNode(), Map.of());
    BigDecimal v = lmp.get(t.toEpochMilli());
    // No published LMP for the interval: paid at zero and visible as rate 0 in the row, never guessed.
    return v == null ? BigDecimal.ZERO.setScale(6) : v;
  }
}
