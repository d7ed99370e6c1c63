package energy.vgf.simulator.market;

import energy.vgf.market.Iso;
import energy.vgf.market.MarketPrice;
import energy.vgf.market.MarketType;
import energy.vgf.simulator.scenario.ScenarioException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Replays prices from a CAISO OASIS CSV (resultformat=6, e.g. PRC_LMP for DAM and PRC_INTVL_LMP for
 * RTM). As OASIS documents: the price is in the column {@code MW} in $/MWh, one row per component
 * ({@code LMP_TYPE} LMP, MCE energy, MCC congestion, MCL loss), rows may arrive unsorted, times are
 * GMT with a {@code -00:00} offset.
 */
public final class OasisPriceFile {

  private OasisPriceFile() {}

  public static List<MarketPrice> read(Path file, Iso iso) {
    List<String> lines;
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      lines = r.lines().filter(l -> !l.isBlank()).toList();
    } catch (IOException e) {
      throw new ScenarioException("market.price_file " + file + ": cannot read: " + e.getMessage(), e);
    }
    if (lines.isEmpty()) {
      throw new ScenarioException("market.price_file " + file + ": empty");
    }
    List<String> header = Arrays.asList(lines.get(0).split(","));
    int start = column(header, "INTERVALSTARTTIME_GMT", file);
    int end = column(header, "INTERVALENDTIME_GMT", file);
    int node = column(header, "NODE", file);
    int run = column(header, "MARKET_RUN_ID", file);
    int type = column(header, "LMP_TYPE", file);
    int mw = column(header, "MW", file);
    // (market, start, node) -> components; a TreeMap keeps the output sorted and deterministic.
    Map<String, double[]> byInterval = new TreeMap<>();
    Map<String, String[]> keys = new TreeMap<>();
    for (int i = 1; i < lines.size(); i++) {
      String[] c = lines.get(i).split(",", -1);
      MarketType market = switch (c[run]) {
        case "DAM" -> MarketType.DAY_AHEAD;
        case "RTM", "RTPD", "HASP" -> MarketType.REAL_TIME;
        default -> throw new ScenarioException("market.price_file " + file + " line " + (i + 1)
            + ": MARKET_RUN_ID '" + c[run] + "' is not DAM, RTM, RTPD or HASP");
      };
      long from = OffsetDateTime.parse(c[start]).toEpochSecond();
      String key = market + "|" + String.format("%012d", from) + "|" + c[node];
      double[] comps = byInterval.computeIfAbsent(key, k -> new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN});
      keys.put(key, new String[] {market.name(), c[start], c[end], c[node]});
      double value = Double.parseDouble(c[mw]);
      switch (c[type]) {
        case "LMP" -> comps[0] = value;
        case "MCE" -> comps[1] = value;
        case "MCC" -> comps[2] = value;
        case "MCL" -> comps[3] = value;
        default -> { } // MGHG and future components are not in the MarketPrice record
      }
    }
    List<MarketPrice> out = new ArrayList<>();
    for (Map.Entry<String, double[]> e : byInterval.entrySet()) {
      double[] comps = e.getValue();
      String[] k = keys.get(e.getKey());
      if (Double.isNaN(comps[0])) {
        continue; // a component without its LMP row is not a price
      }
      out.add(new MarketPrice(iso, k[3], MarketType.valueOf(k[0]),
          OffsetDateTime.parse(k[1]).toInstant(), OffsetDateTime.parse(k[2]).toInstant(), comps[0],
          nan(comps[1]), nan(comps[2]), nan(comps[3]), (Instant) null));
    }
    return out;
  }

  private static Double nan(double v) {
    return Double.isNaN(v) ? null : v;
  }

  private static int column(List<String> header, String name, Path file) {
    int i = header.indexOf(name);
    if (i < 0) {
      throw new ScenarioException("market.price_file " + file + ": column " + name + " is missing (is it an OASIS CSV, resultformat=6?)");
    }
    return i;
  }
}
