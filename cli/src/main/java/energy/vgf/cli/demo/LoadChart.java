package energy.vgf.cli.demo;

import java.util.Locale;

/** A self-contained SVG line chart: managed load against the counterfactual and the site limit. */
final class LoadChart {

  private static final int WIDTH = 900;
  private static final int HEIGHT = 360;
  private static final int MARGIN = 50;

  private LoadChart() {}

  record Series(String label, String color, double[] valuesKw, boolean dashed) {}

  static String svg(String title, int intervalMinutes, Series... series) {
    double max = 1;
    int points = 0;
    for (Series s : series) {
      for (double v : s.valuesKw()) {
        max = Math.max(max, v);
      }
      points = Math.max(points, s.valuesKw().length);
    }
    max *= 1.1;
    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT,
        "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' font-family='sans-serif' font-size='12'>%n",
        WIDTH, HEIGHT));
    svg.append(String.format(Locale.ROOT, "<text x='%d' y='20' font-size='15'>%s</text>%n", MARGIN, escape(title)));
    int plotW = WIDTH - 2 * MARGIN;
    int plotH = HEIGHT - 2 * MARGIN;
    for (int tick = 0; tick <= 4; tick++) {
      double kw = max * tick / 4;
      double y = MARGIN + plotH - plotH * tick / 4.0;
      svg.append(String.format(Locale.ROOT,
          "<line x1='%d' x2='%d' y1='%.1f' y2='%.1f' stroke='#ddd'/><text x='4' y='%.1f'>%.0f kW</text>%n",
          MARGIN, MARGIN + plotW, y, y, y + 4, kw));
    }
    for (int h = 0; h <= points * intervalMinutes / 60; h += 4) {
      double x = MARGIN + plotW * (h * 60.0 / intervalMinutes) / Math.max(1, points - 1);
      svg.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d'>+%dh</text>%n", x - 8, HEIGHT - MARGIN + 16, h));
    }
    int legendX = MARGIN;
    for (Series s : series) {
      StringBuilder path = new StringBuilder();
      double[] v = s.valuesKw();
      for (int i = 0; i < v.length; i++) {
        double x = MARGIN + plotW * i / (double) Math.max(1, points - 1);
        double y = MARGIN + plotH - plotH * v[i] / max;
        path.append(i == 0 ? "M" : "L").append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
      }
      svg.append(String.format(Locale.ROOT, "<path d='%s' fill='none' stroke='%s' stroke-width='2'%s/>%n",
          path, s.color(), s.dashed() ? " stroke-dasharray='6,4'" : ""));
      svg.append(String.format(Locale.ROOT,
          "<rect x='%d' y='%d' width='12' height='3' fill='%s'/><text x='%d' y='%d'>%s</text>%n",
          legendX, HEIGHT - 14, s.color(), legendX + 16, HEIGHT - 10, escape(s.label())));
      legendX += 30 + 7 * s.label().length();
    }
    return svg.append("</svg>\n").toString();
  }

  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;");
  }
}
