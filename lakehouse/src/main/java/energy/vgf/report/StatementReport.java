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

  public record Files3(Path html, Path pdf, Path paymentsCsv, Path intervalsCsv) {
  }

  private StatementReport() {
  }

  public static Files3 write(Catalog catalog, YearMonth period, String fleetId, Path outDir) throws IOException {
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

    Path html = outDir.resolve(base + ".html");
    StringBuilder h = new StringBuilder();
    h.append("<!doctype html><html><head><meta charset='utf-8'><title>").append(fleetId).append(' ').append(period)
        .append("</title><style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}</style></head><body>");
    h.append("<h1>Settlement statement: ").append(fleetId).append(", ").append(period).append("</h1>");
    h.append(String.format(Locale.ROOT, "<p>Reduction delivered: <b>%.3f kWh</b>. Program payment: <b>$%s</b>. "
        + "Fleet credit: <b>$%s</b>. Flagged intervals (missing/estimated): %d.</p>", kwh, gross.toPlainString(),
        credit.toPlainString(), flagged));
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
    pdf(pdf, fleetId, period, kwh, gross, credit, flagged, payments, perSite, String.valueOf(snaps));
    return new Files3(html, pdf, paymentsCsv, intervalsCsv);
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
                          long flagged, List<Record> payments, Map<String, Double> perSite, String snaps) throws IOException {
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
