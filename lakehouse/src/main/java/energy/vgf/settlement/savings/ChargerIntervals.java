package energy.vgf.settlement.savings;

import energy.vgf.lakehouse.tables.LakeTables;
import energy.vgf.settlement.Rows;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
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
 * Per charger: its OCPP power samples (raw.charger_meter_value) folded into 15-minute energy. Chargers sample
 * at a fixed MeterValueSampleInterval (OCPP 1.6 §9.1.9 / 2.0.1 SampledDataCtrlr.TxUpdatedInterval), so the
 * interval's energy is the mean sampled power x 0.25 h, imports and exports (negative power, V2G) apart.
 * Main output: curated.charger_load_15min rows inside the curated window; side output: the site's managed EV parts.
 */
final class ChargerIntervals extends KeyedProcessFunction<String, ChargerIntervals.Sample, RowData> {

  static final OutputTag<SiteInterval> SITE_PARTS = new OutputTag<>("charger-site-parts", TypeInformation.of(SiteInterval.class));

  /** One power sample (Flink POJO). */
  public static class Sample {
    public String chargerId;
    public String siteId;
    public long tsMs;
    public double powerKw;

    public Sample() {
    }

    Sample(String chargerId, String siteId, long tsMs, double powerKw) {
      this.chargerId = chargerId;
      this.siteId = siteId;
      this.tsMs = tsMs;
      this.powerKw = powerKw;
    }
  }

  private final long curatedFromMs;
  private final long curatedToMs;
  private transient ListState<Sample> samples;
  private transient Schema schema;

  ChargerIntervals(long curatedFromMs, long curatedToMs) {
    this.curatedFromMs = curatedFromMs;
    this.curatedToMs = curatedToMs;
  }

  @Override
  public void open(org.apache.flink.api.common.functions.OpenContext ctx) {
    samples = getRuntimeContext().getListState(new ListStateDescriptor<>("samples", Sample.class));
    schema = LakeTables.get(LakeTables.CHARGER_LOAD_15MIN).schema();
  }

  @Override
  public void processElement(Sample s, Context ctx, Collector<RowData> out) throws Exception {
    samples.add(s);
    ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE - 1);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<RowData> out) throws Exception {
    List<Sample> list = new ArrayList<>();
    samples.get().forEach(list::add);
    samples.clear();
    list.sort(Comparator.comparingLong((Sample s) -> s.tsMs).thenComparingDouble(s -> s.powerKw));
    // interval start -> {samples, sum of import power, sum of export power, sum of power}
    Map<Long, double[]> byInterval = new TreeMap<>();
    String charger = null;
    String site = null;
    for (Sample s : list) {
      charger = s.chargerId;
      site = s.siteId != null ? s.siteId : site;
      double[] a = byInterval.computeIfAbsent(Math.floorDiv(s.tsMs, Counterfactual.INTERVAL_MS) * Counterfactual.INTERVAL_MS,
          k -> new double[4]);
      a[0]++;
      a[1] += Math.max(s.powerKw, 0);
      a[2] += Math.max(-s.powerKw, 0);
      a[3] += s.powerKw;
    }
    for (Map.Entry<Long, double[]> e : byInterval.entrySet()) {
      double[] a = e.getValue();
      double importKwh = a[1] / a[0] * 0.25;
      double exportKwh = a[2] / a[0] * 0.25;
      if (e.getKey() >= curatedFromMs && e.getKey() < curatedToMs) {
        out.collect(new Rows.Builder(schema).set("charger_id", charger).set("site_id", site)
            .set("interval_start", e.getKey()).set("import_kwh", importKwh).set("export_kwh", exportKwh)
            .set("avg_power_kw", a[3] / a[0]).build());
      }
      if (site != null) {
        ctx.output(SITE_PARTS, SiteInterval.ev(site, e.getKey(), "charger:" + charger, importKwh, exportKwh));
      }
    }
  }
}
