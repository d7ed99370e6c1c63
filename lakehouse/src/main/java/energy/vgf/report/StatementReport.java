package energy.vgf.report;

import energy.vgf.lakehouse.tables.LakeTables;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * A fleet's monthly settlement statement from the settlement tables: HTML with inline SVG charts (event
 * performance: baseline vs metered; payments per site), CSV extracts (payments, event intervals) and a PDF
 * (PDFBox, drawn directly: no HTML engine, no fonts to install). Every figure is read from the tables, so the
 * statement is reproducible from them; the input snapshot ids are printed on it.
 */
public final class StatementReport {

  public record Outputs(Path html, Path pdf, Path paymentsCsv, Path intervalsCsv, Path savingsCsv) {
  }

  private StatementReport() {
  }

  public static Outputs write(Catalog catalog, YearMonth period, String fleetId, Path outDir) throws IOException {
    LocalDate from = period.atDay(1);
    LocalDate to = period.plusMonths(1).atDay(1);
    List<Record> payments = read(catalog, LakeTables.PAYMENT, Expressions.and(Expressions.equal("period_start", from.toString()),
        Expressions.equal("period_end", to.toString()), Expressions.equal("fleet_id", fleetId)));
    List<String> sites = payments.stream().map(r -> (String) r.getField("site_id")).toList();
    List<Record> intervals = sites.isEmpty() ? List.of() : read(catalog, LakeTables.DR_EVENT_PERFORMANCE, Expressions.and(
        Expressions.greaterThanOrEqual("settlement_date", from.toString()), Expressions.lessThan("settlement_date", to.toString()),
        Expressions.in("site_id", sites.toArray())));
    Files.createDirectories(outDir);
    String base = "statement-" + fleetId + "-" + period;
    Path paymentsCsv = outDir.resolve(base + "-payments.csv");
    Path intervalsCsv = outDir.resolve(base + "-intervals.csv");
    csv(paymentsCsv, payments, List.of("period_start", "period_end", "program_id", "fleet_id", "site_id", "events",
        "reduction_kwh", "flagged_intervals", "program_payment_usd", "fleet_credit_usd", "aggregator_share_usd"));
    csv(intervalsCsv, intervals, List.of("program_id", "event_id", "site_id", "meter_id", "interval_start",
        "baseline_kwh", "metered_kwh", "reduction_kwh", "meter_quality", "paid", "rate_per_kwh", "payment_usd"));

    BigDecimal gross = sum(payments, "program_payment_usd");
    BigDecimal credit = sum(payments, "fleet_credit_usd");
    double kwh = payments.stream().mapToDouble(r -> (Double) r.getField("reduction_kwh")).sum();
    long flagged = payments.stream().mapToLong(r -> (Integer) r.getField("flagged_intervals")).sum();
    Object snaps = payments.isEmpty() ? Map.of() : new TreeMap<>((Map<?, ?>) payments.get(0).getField("input_snapshots"));

    // event performance: fleet total baseline vs metered per event interval
    TreeMap<String, double[]> byInterval = new TreeMap<>();
    for (Record r : intervals) {
      String key = r.getField("event_id") + " " + ((OffsetDateTime) r.getField("interval_start")).toInstant();
      double[] v = byInterval.computeIfAbsent(key, k -> new double[2]);
      v[0] += r.getField("baseline_kwh") == null ? 0 : (Double) r.getField("baseline_kwh");
      v[1] += r.getField("metered_kwh") == null ? 0 : (Double) r.getField("metered_kwh");
    }
    List<double[]> series = new ArrayList<>(byInterval.values());
    Map<String, Double> perSite = new TreeMap<>();
    payments.forEach(r -> perSite.merge((String) r.getField("site_id"),
        ((BigDecimal) r.getField("fleet_credit_usd")).doubleValue(), Double::sum));

    // load managed vs counterfactual vs limit (savings job): the fleet's sites, summed per 15-minute interval, in kW
    List<String> fleetSites = new ArrayList<>(read(catalog, LakeTables.SITE, Expressions.equal("fleet_id", fleetId)).stream()
        .map(r -> (String) r.getField("site_id")).toList());
    List<Record> savingsDays = read(catalog, LakeTables.SITE_DAY_SAVINGS, Expressions.and(
        Expressions.greaterThanOrEqual("settlement_date", from.toString()), Expressions.lessThan("settlement_date", to.toString()),
        Expressions.equal("fleet_id", fleetId)));
    TreeMap<Long, double[]> load = new TreeMap<>();
    if (!fleetSites.isEmpty()) {
      long fromMicros = from.atStartOfDay(java.time.ZoneOffset.UTC).toInstant().toEpochMilli() * 1000;
      long toMicros = to.atStartOfDay(java.time.ZoneOffset.UTC).toInstant().toEpochMilli() * 1000;
      for (Record r : read(catalog, LakeTables.SITE_LOAD_15MIN, Expressions.and(Expressions.in("site_id", fleetSites.toArray()),
          Expressions.greaterThanOrEqual("interval_start", fromMicros), Expressions.lessThan("interval_start", toMicros)))) {
        double[] v = load.computeIfAbsent(((OffsetDateTime) r.getField("interval_start")).toInstant().toEpochMilli(), k -> new double[3]);
        v[0] += 4 * nz(r.getField("ev_import_kwh"));
        v[1] += 4 * nz(r.getField("counterfactual_ev_kwh"));
        v[2] += nz(r.getField("limit_kw"));
      }
    }
    Savings sv = Savings.of(savingsDays);
    Path savingsCsv = outDir.resolve(base + "-savings.csv");
    csv(savingsCsv, savingsDays, List.of("settlement_date", "site_id", "actual_kwh", "counterfactual_kwh", "actual_peak_kw",
        "counterfactual_peak_kw", "actual_energy_cost_usd", "counterfactual_energy_cost_usd", "actual_demand_cost_usd",
        "counterfactual_demand_cost_usd", "v2g_export_kwh", "v2g_revenue_usd", "degradation_cost_usd", "carbon_avoided_kg",
        "unpriced_intervals", "missing_emission_intervals"));

    Path html = outDir.resolve(base + ".html");
    StringBuilder h = new StringBuilder();
    h.append("<!doctype html><html><head><meta charset='utf-8'><title>").append(fleetId).append(' ').append(period)
        .append("</title><style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}</style></head><body>");
    h.append("<h1>Settlement statement: ").append(fleetId).append(", ").append(period).append("</h1>");
    h.append(String.format(Locale.ROOT, "<p>Reduction delivered: <b>%.3f kWh</b>. Program payment: <b>$%s</b>. "
        + "Fleet credit: <b>$%s</b>. Flagged intervals (missing/estimated): %d.</p>", kwh, gross.toPlainString(),
        credit.toPlainString(), flagged));
    h.append("<h2>Load managed vs counterfactual vs limit (kW, fleet sites)</h2>").append(loadChart(load));
    h.append(String.format(Locale.ROOT, "<p id='savings'>Energy cost managed <b>$%s</b> vs uncontrolled <b>$%s</b>; demand charge "
        + "managed <b>$%s</b> vs uncontrolled <b>$%s</b>; cost savings <b>$%s</b>. V2G export %.3f kWh, revenue <b>$%s</b>, "
        + "degradation $%s. Carbon avoided <b>%.3f kg CO2</b>.</p>", sv.actualEnergy.toPlainString(), sv.cfEnergy.toPlainString(),
        sv.actualDemand.toPlainString(), sv.cfDemand.toPlainString(), sv.savings().toPlainString(), sv.v2gKwh,
        sv.v2gRevenue.toPlainString(), sv.degradation.toPlainString(), sv.carbonKg));
    h.append("<h2>Event performance: baseline vs metered (kWh per 15 min, all sites)</h2>").append(lineChart(series));
    h.append("<h2>Fleet credit per site (USD)</h2>").append(barChart(perSite));
    h.append("<h2>Payments</h2><table><tr><th>program</th><th>site</th><th>events</th><th>kWh</th><th>program USD</th><th>fleet USD</th></tr>");
    for (Record r : payments) {
      h.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%s</td><td>%d</td><td>%.3f</td><td>%s</td><td>%s</td></tr>",
          r.getField("program_id"), r.getField("site_id"), r.getField("events"), r.getField("reduction_kwh"),
          ((BigDecimal) r.getField("program_payment_usd")).toPlainString(), ((BigDecimal) r.getField("fleet_credit_usd")).toPlainString()));
    }
    h.append("</table><p><small>Computed from input snapshots ").append(snaps).append(".</small></p></body></html>");
    Files.writeString(html, h, StandardCharsets.UTF_8);

    Path pdf = outDir.resolve(base + ".pdf");
    pdf(pdf, fleetId, period, kwh, gross, credit, flagged, payments, perSite, String.valueOf(snaps), sv, load);
    return new Outputs(html, pdf, paymentsCsv, intervalsCsv, savingsCsv);
  }

  /** The fleet's savings of the month, summed from settlement.site_day_savings. */
  record Savings(BigDecimal actualEnergy, BigDecimal cfEnergy, BigDecimal actualDemand, BigDecimal cfDemand, double v2gKwh,
                 BigDecimal v2gRevenue, BigDecimal degradation, double carbonKg) {
    static Savings of(List<Record> days) {
      return new Savings(sum(days, "actual_energy_cost_usd"), sum(days, "counterfactual_energy_cost_usd"),
          sum(days, "actual_demand_cost_usd"), sum(days, "counterfactual_demand_cost_usd"),
          days.stream().mapToDouble(r -> (Double) r.getField("v2g_export_kwh")).sum(), sum(days, "v2g_revenue_usd"),
          sum(days, "degradation_cost_usd"), days.stream().mapToDouble(r -> (Double) r.getField("carbon_avoided_kg")).sum());
    }

    /** Energy and demand cost avoided vs the uncontrolled counterfactual. */
    BigDecimal savings() {
      return cfEnergy.add(cfDemand).subtract(actualEnergy).subtract(actualDemand);
    }
  }

  private static double nz(Object v) {
    return v == null ? 0 : (Double) v;
  }

  /** Managed, counterfactual and limit (kW) against time; x is proportional to time, so gaps show as gaps in time. */
  static String loadChart(TreeMap<Long, double[]> load) {
    if (load.isEmpty()) {
      return "<p>No load series (curated.site_load_15min) for the fleet's sites this month.</p>";
    }
    int w = 720;
    int hgt = 240;
    long t0 = load.firstKey();
    double span = Math.max(1, load.lastKey() - t0);
    double max = load.values().stream().mapToDouble(v -> Math.max(v[0], Math.max(v[1], v[2]))).max().orElse(1);
    String[] names = {"managed", "counterfactual", "limit"};
    String[] colors = {"#1a7f37", "#cf222e", "#888"};
    StringBuilder b = new StringBuilder("<svg class='load-chart' xmlns='http://www.w3.org/2000/svg' width='" + w
        + "' height='" + hgt + "'>");
    for (int s = 0; s < 3; s++) {
      b.append("<polyline class='").append(names[s]).append("' fill='none' stroke='").append(colors[s])
          .append(s == 2 ? "' stroke-dasharray='4 3" : "").append("' stroke-width='2' points='");
      for (Map.Entry<Long, double[]> e : load.entrySet()) {
        double x = 40 + (e.getKey() - t0) / span * (w - 50.0);
        double y = hgt - 20 - e.getValue()[s] / max * (hgt - 40);
        b.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
      }
      b.append("'/>");
      b.append(String.format(Locale.ROOT, "<text x='%d' y='14' font-size='12' fill='%s'>%s</text>", 40 + s * 110, colors[s], names[s]));
    }
    b.append(String.format(Locale.ROOT, "<text x='0' y='30' font-size='10'>%.0f kW</text>", max));
    return b.append("</svg>").toString();
  }

  static String lineChart(List<double[]> series) {
    int w = 720;
    int hgt = 240;
    if (series.isEmpty()) {
      return "<p>No event intervals.</p>";
    }
    double max = series.stream().mapToDouble(v -> Math.max(v[0], v[1])).max().orElse(1);
    StringBuilder b = new StringBuilder("<svg xmlns='http://www.w3.org/2000/svg' width='" + w + "' height='" + hgt + "'>");
    for (int s = 0; s < 2; s++) {
      b.append("<polyline fill='none' stroke='").append(s == 0 ? "#888" : "#1a7f37").append("' stroke-width='2' points='");
      for (int i = 0; i < series.size(); i++) {
        double x = 40 + i * (w - 50.0) / Math.max(1, series.size() - 1);
        double y = hgt - 20 - series.get(i)[s] / max * (hgt - 40);
        b.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
      }
      b.append("'/>");
    }
    b.append("<text x='40' y='14' font-size='12' fill='#888'>baseline</text><text x='110' y='14' font-size='12' fill='#1a7f37'>metered</text>");
    b.append(String.format(Locale.ROOT, "<text x='0' y='30' font-size='10'>%.0f</text>", max));
    return b.append("</svg>").toString();
  }

  static String barChart(Map<String, Double> values) {
    int w = 720;
    int row = 18;
    double max = values.values().stream().mapToDouble(Double::doubleValue).max().orElse(1);
    StringBuilder b = new StringBuilder("<svg xmlns='http://www.w3.org/2000/svg' width='" + w + "' height='" + (row * values.size() + 10) + "'>");
    int i = 0;
    for (Map.Entry<String, Double> e : values.entrySet()) {
      double len = max <= 0 ? 0 : e.getValue() / max * (w - 220);
      b.append(String.format(Locale.ROOT, "<text x='0' y='%d' font-size='11'>%s</text><rect x='100' y='%d' width='%.1f' height='12' fill='#0969da'/>"
          + "<text x='%.1f' y='%d' font-size='11'>%.2f</text>", i * row + 12, e.getKey(), i * row + 2, len, 105 + len, i * row + 12, e.getValue()));
      i++;
    }
    return b.append("</svg>").toString();
  }

  private static void pdf(Path file, String fleet, YearMonth period, double kwh, BigDecimal gross, BigDecimal credit,
                          long flagged, List<Record> payments, Map<String, Double> perSite, String snaps, Savings sv,
                          TreeMap<Long, double[]> load) throws IOException {
    try (PDDocument doc = new PDDocument()) {
      PDPage page = new PDPage(PDRectangle.LETTER);
      doc.addPage(page);
      PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
      PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
      try (PDPageContentStream c = new PDPageContentStream(doc, page)) {
        float y = 740;
        y = text(c, bold, 16, 50, y, "Settlement statement " + fleet + " " + period);
        y = text(c, font, 10, 50, y - 6, String.format(Locale.ROOT, "Reduction %.3f kWh   Program payment $%s   Fleet credit $%s   Flagged intervals %d",
            kwh, gross.toPlainString(), credit.toPlainString(), flagged));
        y = text(c, font, 10, 50, y - 2, String.format(Locale.ROOT, "Cost savings $%s (energy $%s vs $%s, demand $%s vs $%s)   "
            + "V2G revenue $%s   Carbon avoided %.3f kg", sv.savings().toPlainString(), sv.actualEnergy().toPlainString(),
            sv.cfEnergy().toPlainString(), sv.actualDemand().toPlainString(), sv.cfDemand().toPlainString(),
            sv.v2gRevenue().toPlainString(), sv.carbonKg()));
        if (!load.isEmpty()) {
          y = text(c, bold, 10, 50, y - 4, "Load managed (green) vs counterfactual (red) vs limit (grey), kW");
          y = loadChartPdf(c, load, 50, y - 110, 500, 100);
        }
        y -= 10;
        double max = perSite.values().stream().mapToDouble(Double::doubleValue).max().orElse(1);
        for (Map.Entry<String, Double> e : perSite.entrySet()) {
          text(c, font, 9, 50, y, e.getKey());
          float len = (float) (max <= 0 ? 0 : e.getValue() / max * 300);
          c.setNonStrokingColor(0.04f, 0.41f, 0.85f);
          c.addRect(130, y - 2, len, 9);
          c.fill();
          c.setNonStrokingColor(0f, 0f, 0f);
          y = text(c, font, 9, 140 + len, y, String.format(Locale.ROOT, "$%.2f", e.getValue()));
          if (y < 120) {
            break;
          }
        }
        y -= 10;
        y = text(c, bold, 10, 50, y, "program / site / events / kWh / program USD / fleet USD");
        for (Record r : payments) {
          y = text(c, font, 9, 50, y, String.format(Locale.ROOT, "%s / %s / %d / %.3f / %s / %s", r.getField("program_id"),
              r.getField("site_id"), r.getField("events"), r.getField("reduction_kwh"),
              ((BigDecimal) r.getField("program_payment_usd")).toPlainString(), ((BigDecimal) r.getField("fleet_credit_usd")).toPlainString()));
          if (y < 60) {
            break;
          }
        }
        text(c, font, 7, 50, 40, "Input snapshots: " + (snaps.length() > 120 ? snaps.substring(0, 120) + "..." : snaps));
      }
      doc.save(file.toFile());
    }
  }

  private static float loadChartPdf(PDPageContentStream c, TreeMap<Long, double[]> load, float x0, float y0, float w, float h)
      throws IOException {
    long t0 = load.firstKey();
    double span = Math.max(1, load.lastKey() - t0);
    double max = load.values().stream().mapToDouble(v -> Math.max(v[0], Math.max(v[1], v[2]))).max().orElse(1);
    float[][] rgb = {{0.10f, 0.50f, 0.22f}, {0.81f, 0.13f, 0.18f}, {0.53f, 0.53f, 0.53f}};
    for (int s = 0; s < 3; s++) {
      c.setStrokingColor(rgb[s][0], rgb[s][1], rgb[s][2]);
      boolean first = true;
      for (Map.Entry<Long, double[]> e : load.entrySet()) {
        float x = (float) (x0 + (e.getKey() - t0) / span * w);
        float y = (float) (y0 + e.getValue()[s] / max * h);
        if (first) {
          c.moveTo(x, y);
          first = false;
        } else {
          c.lineTo(x, y);
        }
      }
      c.stroke();
    }
    c.setStrokingColor(0f, 0f, 0f);
    return y0 - 6;
  }

  private static float text(PDPageContentStream c, PDType1Font f, float size, float x, float y, String s) throws IOException {
    c.beginText();
    c.setFont(f, size);
    c.newLineAtOffset(x, y);
    c.showText(s);
    c.endText();
    return y - size - 4;
  }

  private static List<Record> read(Catalog catalog, org.apache.iceberg.catalog.TableIdentifier id,
                                   org.apache.iceberg.expressions.Expression filter) throws IOException {
    List<Record> out = new ArrayList<>();
    try (CloseableIterable<Record> rows = IcebergGenerics.read(catalog.loadTable(id)).where(filter).build()) {
      for (Record r : rows) {
        out.add(r.copy());
      }
    }
    return out;
  }

  private static BigDecimal sum(List<Record> rows, String col) {
    return rows.stream().map(r -> (BigDecimal) r.getField(col)).reduce(BigDecimal.ZERO.setScale(4), BigDecimal::add);
  }

  private static void csv(Path file, List<Record> rows, List<String> cols) throws IOException {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write(String.join(",", cols));
      w.write('\n');
      for (Record r : rows) {
        List<String> vals = new ArrayList<>();
        for (String col : cols) {
          Object v = r.getField(col);
          vals.add(v == null ? "" : v instanceof BigDecimal bd ? bd.toPlainString()
              : v instanceof OffsetDateTime t ? t.toInstant().toString() : v.toString().replace(",", ";"));
        }
        w.write(String.join(",", vals));
        w.write('\n');
      }
    }
  }
}
