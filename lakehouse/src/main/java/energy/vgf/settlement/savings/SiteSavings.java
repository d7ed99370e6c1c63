package energy.vgf.settlement.savings;

import energy.vgf.lakehouse.tables.LakeTables;
import energy.vgf.settlement.Rows;
import energy.vgf.settlement.baseline.MeterQuality;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.table.data.RowData;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.apache.iceberg.Schema;

/**
 * Per site: managed EV energy (chargers), counterfactual EV energy (sessions uncontrolled from plug-in) and the
 * revenue meter, joined per 15-minute interval into curated.site_load_15min (managed vs counterfactual vs limit),
 * then per local day of the site (its own time zone) into settlement.site_day_savings: energy cost at the node's
 * real-time LMP, the demand charge on each month's peak, V2G export revenue, battery degradation and carbon avoided.
 */
final class SiteSavings extends KeyedProcessFunction<String, SiteInterval, RowData> {

  static final OutputTag<RowData> DAYS =
      new OutputTag<>("site-days", Rows.typeOf(LakeTables.get(LakeTables.SITE_DAY_SAVINGS).schema()));

  /** One site interval after the parts are summed. */
  static final class Interval {
    double evImportKwh;
    double evExportKwh;
    double counterfactualKwh;
    double siteImportKwh = Double.NaN;
    double siteExportKwh = Double.NaN;
    int worstQuality = -1;
  }

  /** One local day's figures (money already rounded half-even to 1/100 cent). */
  record Day(LocalDate date, double actualKwh, double counterfactualKwh, double actualPeakKw, double counterfactualPeakKw,
             BigDecimal actualEnergyCostUsd, BigDecimal counterfactualEnergyCostUsd, double v2gExportKwh,
             BigDecimal v2gRevenueUsd, BigDecimal degradationCostUsd, double carbonAvoidedKg,
             BigDecimal actualDemandCostUsd, BigDecimal counterfactualDemandCostUsd, int unpricedIntervals,
             int missingEmissionIntervals) {
  }

  private final Map<String, SiteInfo> sites;
  private final Map<String, Map<Long, BigDecimal>> lmpPerKwhByNode;
  private final Map<String, TreeMap<Long, Double>> kgPerMwhByRegion;
  private final Map<String, Map<Long, Double>> limitKwBySite;
  private final SavingsConfig terms;
  private final LocalDate from;
  private final LocalDate to;
  private final long curatedFromMs;
  private final long curatedToMs;
  private final Map<String, Long> inputSnapshots;
  private transient ListState<SiteInterval> parts;
  private transient Schema loadSchema;
  private transient Schema daySchema;

  SiteSavings(Map<String, SiteInfo> sites, Map<String, Map<Long, BigDecimal>> lmpPerKwhByNode,
              Map<String, TreeMap<Long, Double>> kgPerMwhByRegion, Map<String, Map<Long, Double>> limitKwBySite,
              SavingsConfig terms, LocalDate from, LocalDate to, long curatedFromMs, long curatedToMs,
              Map<String, Long> inputSnapshots) {
    this.sites = sites;
    this.lmpPerKwhByNode = lmpPerKwhByNode;
    this.kgPerMwhByRegion = kgPerMwhByRegion;
    this.limitKwBySite = limitKwBySite;
    this.terms = terms;
    this.from = from;
    this.to = to;
    this.curatedFromMs = curatedFromMs;
    this.curatedToMs = curatedToMs;
    this.inputSnapshots = inputSnapshots;
  }

  @Override
  public void open(org.apache.flink.api.common.functions.OpenContext ctx) {
    parts = getRuntimeContext().getListState(new ListStateDescriptor<>("parts", SiteInterval.class));
    loadSchema = LakeTables.get(LakeTables.SITE_LOAD_15MIN).schema();
    daySchema = LakeTables.get(LakeTables.SITE_DAY_SAVINGS).schema();
  }

  @Override
  public void processElement(SiteInterval p, Context ctx, Collector<RowData> out) throws Exception {
    parts.add(p);
    ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE - 1);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<RowData> out) throws Exception {
    List<SiteInterval> list = new ArrayList<>();
    parts.get().forEach(list::add);
    parts.clear();
    if (list.isEmpty()) {
      return;
    }
    SiteInfo site = sites.get(list.get(0).siteId);
    TreeMap<Long, Interval> intervals = sum(list);
    Map<Long, Double> limits = limitKwBySite.getOrDefault(site.siteId(), Map.of());
    for (Map.Entry<Long, Interval> e : intervals.entrySet()) {
      if (e.getKey() < curatedFromMs || e.getKey() >= curatedToMs) {
        continue;
      }
      Interval i = e.getValue();
      Double limit = limits.getOrDefault(e.getKey(), site.importLimitKw());
      out.collect(new Rows.Builder(loadSchema).set("site_id", site.siteId()).set("feeder_id", site.feederId())
          .set("interval_start", e.getKey())
          .set("import_kwh", Double.isNaN(i.siteImportKwh) ? null : i.siteImportKwh)
          .set("export_kwh", Double.isNaN(i.siteExportKwh) ? null : i.siteExportKwh)
          .set("ev_import_kwh", i.evImportKwh).set("ev_export_kwh", i.evExportKwh)
          .set("counterfactual_ev_kwh", i.counterfactualKwh).set("limit_kw", limit)
          .set("quality", i.worstQuality < 0 ? MeterQuality.MISSING.name() : BY_SEVERITY[i.worstQuality].name())
          .build());
    }
    for (Day d : days(site, intervals, from, to, lmpPerKwhByNode.getOrDefault(site.node(), Map.of()),
        kgPerMwhByRegion.getOrDefault(site.emissionsRegion(), new TreeMap<>()), terms)) {
      ctx.output(DAYS, new Rows.Builder(daySchema).set("site_id", site.siteId()).set("fleet_id", site.fleetId())
          .set("settlement_date", d.date()).set("actual_kwh", d.actualKwh()).set("counterfactual_kwh", d.counterfactualKwh())
          .set("actual_peak_kw", d.actualPeakKw()).set("counterfactual_peak_kw", d.counterfactualPeakKw())
          .set("actual_energy_cost_usd", d.actualEnergyCostUsd())
          .set("counterfactual_energy_cost_usd", d.counterfactualEnergyCostUsd())
          .set("v2g_export_kwh", d.v2gExportKwh()).set("v2g_revenue_usd", d.v2gRevenueUsd())
          .set("degradation_cost_usd", d.degradationCostUsd()).set("carbon_avoided_kg", d.carbonAvoidedKg())
          .set("actual_demand_cost_usd", d.actualDemandCostUsd())
          .set("counterfactual_demand_cost_usd", d.counterfactualDemandCostUsd())
          .set("unpriced_intervals", d.unpricedIntervals()).set("missing_emission_intervals", d.missingEmissionIntervals())
          .set("input_snapshots", inputSnapshots).build());
    }
  }

  /** Sums the parts per interval in a fixed order (interval, source), so re-runs give bit-identical doubles. */
  static TreeMap<Long, Interval> sum(List<SiteInterval> list) {
    list.sort(Comparator.comparingLong((SiteInterval p) -> p.startMs).thenComparing(p -> p.sourceId));
    TreeMap<Long, Interval> out = new TreeMap<>();
    for (SiteInterval p : list) {
      Interval i = out.computeIfAbsent(p.startMs, k -> new Interval());
      i.evImportKwh += p.evImportKwh;
      i.evExportKwh += p.evExportKwh;
      i.counterfactualKwh += p.counterfactualKwh;
      if (p.siteQuality >= 0) {
        i.siteImportKwh = (Double.isNaN(i.siteImportKwh) ? 0 : i.siteImportKwh) + p.siteImportKwh;
        i.siteExportKwh = (Double.isNaN(i.siteExportKwh) ? 0 : i.siteExportKwh) + p.siteExportKwh;
        i.worstQuality = Math.max(i.worstQuality, severity(p.siteQuality));
      }
    }
    return out;
  }

  /** Worst first: a missing reading outranks a questionable one, which outranks an estimate. */
  private static final MeterQuality[] BY_SEVERITY =
      {MeterQuality.VALID, MeterQuality.ESTIMATED, MeterQuality.QUESTIONABLE, MeterQuality.MISSING};

  /** The quality of a severity rank from {@link #sum}. */
  static MeterQuality quality(int severity) {
    return BY_SEVERITY[severity];
  }

  private static int severity(byte quality) {
    return java.util.Arrays.asList(BY_SEVERITY).indexOf(MeterQuality.values()[quality]);
  }

  /**
   * The site's local days in [from, to). Costs use the node's real-time LMP of the interval; an interval with
   * EV energy and no published LMP is counted in {@code unpricedIntervals} and left out (never guessed); the same
   * for the emission rate. The demand charge applies to each local month's highest 15-minute EV demand within
   * the period and is booked on the day it occurred, so a month's days sum to the month's charge.
   */
  static List<Day> days(SiteInfo site, NavigableMap<Long, Interval> intervals, LocalDate from, LocalDate to,
                        Map<Long, BigDecimal> lmpPerKwh, TreeMap<Long, Double> kgPerMwh, SavingsConfig terms) {
    ZoneId zone = ZoneId.of(site.zoneId());
    long startMs = from.atStartOfDay(zone).toInstant().toEpochMilli();
    long endMs = to.atStartOfDay(zone).toInstant().toEpochMilli();
    Map<LocalDate, double[]> sums = new LinkedHashMap<>(); // actual, cf, actualPeak, cfPeak, export, carbon, unpriced, noMer
    Map<LocalDate, BigDecimal[]> money = new LinkedHashMap<>(); // actual cost, cf cost, v2g revenue
    Map<YearMonth, Object[]> actualPeak = new TreeMap<>(); // month -> {kW, day}
    Map<YearMonth, Object[]> cfPeak = new TreeMap<>();
    for (Map.Entry<Long, Interval> e : intervals.subMap(startMs, true, endMs, false).entrySet()) {
      LocalDate day = Instant.ofEpochMilli(e.getKey()).atZone(zone).toLocalDate();
      Interval i = e.getValue();
      double[] s = sums.computeIfAbsent(day, k -> new double[8]);
      BigDecimal[] m = money.computeIfAbsent(day, k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO});
      s[0] += i.evImportKwh;
      s[1] += i.counterfactualKwh;
      s[2] = Math.max(s[2], i.evImportKwh * 4);
      s[3] = Math.max(s[3], i.counterfactualKwh * 4);
      s[4] += i.evExportKwh;
      boolean active = i.evImportKwh != 0 || i.evExportKwh != 0 || i.counterfactualKwh != 0;
      BigDecimal lmp = lmpPerKwh.get(e.getKey());
      if (lmp != null) {
        m[0] = m[0].add(BigDecimal.valueOf(i.evImportKwh).multiply(lmp));
        m[1] = m[1].add(BigDecimal.valueOf(i.counterfactualKwh).multiply(lmp));
        m[2] = m[2].add(BigDecimal.valueOf(i.evExportKwh).multiply(lmp));
      } else if (active) {
        s[6]++;
      }
      Double mer = rateAt(kgPerMwh, e.getKey());
      if (mer != null) {
        // Carbon avoided = (uncontrolled grid energy - managed net grid energy) x marginal rate of the interval.
        s[5] += (i.counterfactualKwh - (i.evImportKwh - i.evExportKwh)) * mer / 1000.0;
      } else if (active) {
        s[7]++;
      }
      YearMonth month = YearMonth.from(day);
      peak(actualPeak, month, i.evImportKwh * 4, day);
      peak(cfPeak, month, i.counterfactualKwh * 4, day);
    }
    List<Day> out = new ArrayList<>();
    for (Map.Entry<LocalDate, double[]> e : sums.entrySet()) {
      LocalDate day = e.getKey();
      double[] s = e.getValue();
      BigDecimal[] m = money.get(day);
      double export = round6(s[4]);
      out.add(new Day(day, round6(s[0]), round6(s[1]), round6(s[2]), round6(s[3]), usd(m[0]), usd(m[1]), export,
          usd(m[2]), usd(BigDecimal.valueOf(export).multiply(terms.degradationUsdPerKwh())), round6(s[5]),
          demand(actualPeak, day, terms), demand(cfPeak, day, terms), (int) s[6], (int) s[7]));
    }
    return out;
  }

  private static void peak(Map<YearMonth, Object[]> peaks, YearMonth month, double kw, LocalDate day) {
    Object[] p = peaks.get(month);
    if (p == null || kw > (Double) p[0]) {
      peaks.put(month, new Object[] {kw, day});
    }
  }

  private static BigDecimal demand(Map<YearMonth, Object[]> peaks, LocalDate day, SavingsConfig terms) {
    Object[] p = peaks.get(YearMonth.from(day));
    if (p == null || !day.equals(p[1])) {
      return usd(BigDecimal.ZERO);
    }
    return usd(BigDecimal.valueOf(round6((Double) p[0])).multiply(terms.demandChargeUsdPerKwMonth()));
  }

  /** The mean rate of the rows starting inside the interval, else the latest row within the hour before it. */
  static Double rateAt(TreeMap<Long, Double> kgPerMwh, long startMs) {
    NavigableMap<Long, Double> inside = kgPerMwh.subMap(startMs, true, startMs + Counterfactual.INTERVAL_MS, false);
    if (!inside.isEmpty()) {
      return inside.values().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }
    Map.Entry<Long, Double> before = kgPerMwh.floorEntry(startMs);
    return before != null && startMs - before.getKey() < 3_600_000L ? before.getValue() : null;
  }

  private static BigDecimal usd(BigDecimal v) {
    return v.setScale(4, RoundingMode.HALF_EVEN);
  }

  private static double round6(double v) {
    return Math.round(v * 1e6) / 1e6;
  }
}
