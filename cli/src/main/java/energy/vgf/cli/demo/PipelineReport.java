package energy.vgf.cli.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import energy.vgf.simulator.scenario.Scenario;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeSet;

/** The full pipeline's HTML report: load charts (portfolio and per depot) and the KPI table. */
final class PipelineReport {

  private PipelineReport() {}

  static String html(Scenario scenario, FullPipeline.Settings s, RecordCapture managed, RecordCapture uncontrolled,
      Map<String, Double> siteLimitKw, Instant from, Instant to, ObjectNode kpis) {
    PipelineKpis.Totals m = PipelineKpis.totals(managed, siteLimitKw, from, to);
    PipelineKpis.Totals u = PipelineKpis.totals(uncontrolled, siteLimitKw, from, to);
    StringBuilder charts = new StringBuilder();
    double limitSum = siteLimitKw.values().stream().mapToDouble(Double::doubleValue).sum();
    charts.append(chart("All depots: managed vs uncontrolled vs the sum of the depot limits", m.portfolioKw(),
        u.portfolioKw(), limitSum));
    for (var site : siteLimitKw.entrySet()) {
      charts.append(chart(site.getKey() + ": managed vs uncontrolled vs import limit",
          perSite(managed, site.getKey()), perSite(uncontrolled, site.getKey()), site.getValue()));
    }
    StringBuilder table = new StringBuilder("<table><tr><th>KPI</th><th>value</th></tr>");
    kpis.fields().forEachRemaining(e -> {
      if (e.getValue().isValueNode()) {
        table.append("<tr><td>").append(LoadChart.escape(e.getKey())).append("</td><td>")
            .append(LoadChart.escape(e.getValue().asText())).append("</td></tr>");
      }
    });
    table.append("</table>");
    return """
        <!doctype html><html><head><meta charset="utf-8"><title>VGF demo report</title>
        <style>body{font-family:sans-serif;margin:2em;max-width:960px} td,th{padding:4px 12px;text-align:left}</style>
        </head><body><h1>VGF demo: %s</h1>
        <p>%d vehicles at %d depots, simulated %s to %s (UTC) at %.0f x: the depot twin's chargers over OCPP to the
        bridge, dispatch by the Flink core job, against the uncontrolled baseline of the same seed.</p>
        %s
        <h2>KPIs</h2>%s
        </body></html>
        """.formatted(LoadChart.escape(scenario.name()), scenario.vehicleCount(), scenario.depots().size(), from, to,
        s.speed(), charts, table);
  }

  private static NavigableMap<Instant, Double> perSite(RecordCapture run, String site) {
    NavigableMap<Instant, Double> m = new java.util.TreeMap<>();
    run.meter.stream().filter(r -> r.getSiteId().equals(site)).forEach(r -> {
      double hours = (r.getIntervalEnd().toEpochMilli() - r.getIntervalStart().toEpochMilli()) / 3_600_000.0;
      m.put(r.getIntervalStart(), (r.getEnergyImportKwh() - r.getEnergyExportKwh()) / hours);
    });
    return m;
  }

  private static String chart(String title, NavigableMap<Instant, Double> managed,
      NavigableMap<Instant, Double> uncontrolled, double limitKw) {
    TreeSet<Instant> times = new TreeSet<>(managed.keySet());
    times.addAll(uncontrolled.keySet());
    List<Instant> t = new ArrayList<>(times);
    double[] a = new double[t.size()];
    double[] b = new double[t.size()];
    double[] l = new double[t.size()];
    for (int i = 0; i < t.size(); i++) {
      a[i] = managed.getOrDefault(t.get(i), 0.0);
      b[i] = uncontrolled.getOrDefault(t.get(i), 0.0);
      l[i] = limitKw;
    }
    return LoadChart.svg(title, 15, new LoadChart.Series("managed", "#1b7f3b", a, false),
        new LoadChart.Series("uncontrolled", "#c0392b", b, false),
        new LoadChart.Series("import limit", "#555", l, true));
  }
}
