package energy.vgf.settlement.savings;

import energy.vgf.lakehouse.tables.LakeTables;
import energy.vgf.settlement.Rows;
import energy.vgf.settlement.baseline.MeterQuality;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.table.data.RowData;
import org.apache.flink.util.Collector;
import org.apache.iceberg.Schema;

/**
 * Per site: the dispatch plans (raw.dispatch_plan) against what was measured, into
 * curated.dispatch_plan_vs_actual. For each 15-minute interval the plan in force is the LATEST plan covering it
 * (newest created_at, then plan_id): a re-plan overrides the scheduled plan for the intervals it covers and no
 * others. One site row (charger_id null: planned net load vs the revenue meter, planned EV power vs the chargers'
 * meters) and one row per charger that the plan uses or that metered energy (planned vs metered power).
 * Intervals no plan covers are not written; a missing reading stays null (never filled).
 */
final class PlanVsActual extends KeyedCoProcessFunction<String, PlannedInterval, SiteInterval, RowData> {

  private static final String CHARGER = "charger:";

  private final long curatedFromMs;
  private final long curatedToMs;
  private transient ListState<PlannedInterval> plans;
  private transient ListState<SiteInterval> actuals;
  private transient Schema schema;

  PlanVsActual(long curatedFromMs, long curatedToMs) {
    this.curatedFromMs = curatedFromMs;
    this.curatedToMs = curatedToMs;
  }

  @Override
  public void open(org.apache.flink.api.common.functions.OpenContext ctx) {
    plans = getRuntimeContext().getListState(new ListStateDescriptor<>("plans", PlannedInterval.class));
    actuals = getRuntimeContext().getListState(new ListStateDescriptor<>("actuals", SiteInterval.class));
    schema = LakeTables.get(LakeTables.DISPATCH_PLAN_VS_ACTUAL).schema();
  }

  @Override
  public void processElement1(PlannedInterval p, Context ctx, Collector<RowData> out) throws Exception {
    plans.add(p);
    ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE - 1);
  }

  @Override
  public void processElement2(SiteInterval a, Context ctx, Collector<RowData> out) throws Exception {
    // Only what was measured: the revenue meter and the chargers' meters (not the counterfactual).
    if (a.siteQuality >= 0 || a.sourceId.startsWith(CHARGER)) {
      actuals.add(a);
      ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE - 1);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<RowData> out) throws Exception {
    TreeMap<Long, PlannedInterval> inForce = new TreeMap<>();
    Comparator<PlannedInterval> latest = Comparator.comparingLong((PlannedInterval p) -> p.createdMs)
        .thenComparing(p -> p.planId);
    for (PlannedInterval p : plans.get()) {
      if (p.startMs >= curatedFromMs && p.startMs < curatedToMs) {
        inForce.merge(p.startMs, p, (a, b) -> latest.compare(a, b) >= 0 ? a : b);
      }
    }
    List<SiteInterval> parts = new ArrayList<>();
    actuals.get().forEach(parts::add);
    plans.clear();
    actuals.clear();
    if (inForce.isEmpty()) {
      return;
    }
    TreeMap<Long, SiteSavings.Interval> site = SiteSavings.sum(parts); // sorted sums: re-runs are bit-identical
    Map<Long, TreeMap<String, Double>> chargerKw = new TreeMap<>();
    for (SiteInterval a : parts) {
      if (a.sourceId.startsWith(CHARGER)) {
        chargerKw.computeIfAbsent(a.startMs, k -> new TreeMap<>())
            .merge(a.sourceId.substring(CHARGER.length()), (a.evImportKwh - a.evExportKwh) * 4, Double::sum);
      }
    }
    String siteId = inForce.firstEntry().getValue().siteId;
    for (Map.Entry<Long, PlannedInterval> e : inForce.entrySet()) {
      long t = e.getKey();
      PlannedInterval p = e.getValue();
      SiteSavings.Interval i = site.get(t);
      TreeMap<String, Double> metered = chargerKw.getOrDefault(t, new TreeMap<>());
      boolean hasReading = i != null && i.worstQuality >= 0 && !Double.isNaN(i.siteImportKwh);
      Double siteKw = hasReading ? round6((i.siteImportKwh - (Double.isNaN(i.siteExportKwh) ? 0 : i.siteExportKwh)) * 4) : null;
      Double evKw = i == null ? 0.0 : round6((i.evImportKwh - i.evExportKwh) * 4);
      String quality = i == null || i.worstQuality < 0 ? MeterQuality.MISSING.name() : SiteSavings.quality(i.worstQuality).name();
      out.collect(row(siteId, null, t, p, p.netLoadKw, siteKw, quality)
          .set("planned_ev_kw", round6(p.evKw)).set("metered_ev_kw", evKw)
          .set("ev_deviation_kw", round6(evKw - p.evKw)).build());
      TreeSet<String> chargers = new TreeSet<>(metered.keySet());
      chargers.addAll(List.of(p.chargerIds));
      for (String c : chargers) {
        int k = java.util.Arrays.asList(p.chargerIds).indexOf(c);
        double planned = k < 0 ? 0 : p.chargerKw[k];
        Double kw = metered.containsKey(c) ? round6(metered.get(c)) : null;
        out.collect(row(siteId, c, t, p, planned, kw, kw == null ? MeterQuality.MISSING.name() : MeterQuality.VALID.name())
            .build());
      }
    }
  }

  private Rows.Builder row(String siteId, String chargerId, long t, PlannedInterval p, double plannedKw, Double meteredKw,
                           String quality) {
    Double deviation = meteredKw == null ? null : round6(meteredKw - plannedKw);
    Double pct = deviation == null || plannedKw == 0 ? null : round6(deviation / Math.abs(plannedKw) * 100);
    return new Rows.Builder(schema).set("site_id", siteId).set("charger_id", chargerId).set("interval_start", t)
        .set("plan_id", p.planId).set("plan_created_at", p.createdMs).set("plan_horizon_start", p.horizonStartMs)
        .set("planned_kw", round6(plannedKw)).set("metered_kw", meteredKw).set("deviation_kw", deviation)
        .set("deviation_pct", pct).set("quality", quality);
  }

  private static double round6(double v) {
    return Math.round(v * 1e6) / 1e6;
  }
}
