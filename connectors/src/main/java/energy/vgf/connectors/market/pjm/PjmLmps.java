package energy.vgf.connectors.market.pjm;

import energy.vgf.connectors.source.FeedItem;
import energy.vgf.connectors.source.MappingException;
import energy.vgf.market.Iso;
import energy.vgf.market.MarketPrice;
import energy.vgf.market.MarketType;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;

/**
 * Maps Data Miner 2 LMP rows (JSON items or the CSV export: same field names) to MarketPrice. Prices are
 * $/MWh, intervals hour-beginning (da_hrl_lmps) or five-minute-beginning (rt_fivemin_hrl_lmps);
 * total_lmp = system_energy_price + congestion_price + marginal_loss_price.
 */
public final class PjmLmps {

  /** Eastern Prevailing Time, the zone of PJM's *_ept columns and of its operating day. */
  public static final ZoneId EPT = ZoneId.of("America/New_York");
  // The JSON API writes "2025-09-01T04:00:00"; the CSV export "9/1/2025 4:00:00 AM".
  private static final DateTimeFormatter CSV_TIME = DateTimeFormatter.ofPattern("M/d/yyyy h:mm:ss a", Locale.US);

  /** One Data Miner feed: its field suffix, market and interval length. */
  public enum Feed {
    DA_HRL_LMPS("da_hrl_lmps", "_da", MarketType.DAY_AHEAD, Duration.ofHours(1)),
    RT_FIVEMIN_HRL_LMPS("rt_fivemin_hrl_lmps", "_rt", MarketType.REAL_TIME, Duration.ofMinutes(5));

    final String name;
    final String suffix;
    final MarketType market;
    final Duration interval;

    Feed(String name, String suffix, MarketType market, Duration interval) {
      this.name = name;
      this.suffix = suffix;
      this.market = market;
      this.interval = interval;
    }

    public static Feed of(String name) {
      for (Feed f : values()) {
        if (f.name.equals(name)) {
          return f;
        }
      }
      throw new IllegalArgumentException("unknown Data Miner feed " + name);
    }

    public String feedName() {
      return name;
    }
  }

  private PjmLmps() {}

  /**
   * One row; null when the row is superseded (row_is_current false: PJM keeps corrected versions side by side,
   * version_nbr counting up, and only the current one counts).
   */
  public static FeedItem map(Map<String, String> row, String raw, Feed feed) {
    try {
      String current = row.get("row_is_current");
      if (current != null && current.trim().equalsIgnoreCase("false")) {
        return null;
      }
      Instant start = start(row);
      String node = row.get("pnode_name");
      if (node == null || node.isBlank()) {
        node = required(row, "pnode_id");
      }
      node = node.trim();
      MarketPrice p = MarketPrice.newBuilder()
          .setIso(Iso.PJM)
          .setNode(node)
          .setMarket(feed.market)
          .setIntervalStart(start)
          .setIntervalEnd(start.plus(feed.interval))
          .setLmpPerMwh(number(row, "total_lmp" + feed.suffix))
          .setEnergyPerMwh(optional(row, "system_energy_price" + feed.suffix))
          .setCongestionPerMwh(optional(row, "congestion_price" + feed.suffix))
          .setLossPerMwh(optional(row, "marginal_loss_price" + feed.suffix))
          .setPublishedAt(null)
          .build();
      return new FeedItem.Mapped("PJM:" + node, p, start);
    } catch (MappingException e) {
      return FeedItem.rejected(raw, new MappingException("PJM " + feed.name + " row: " + e.getMessage()));
    }
  }

  /** datetime_beginning_utc; the EPT column only when the UTC one is absent (it is ambiguous in the fall-back hour). */
  static Instant start(Map<String, String> row) {
    String utc = row.get("datetime_beginning_utc");
    if (utc != null && !utc.isBlank()) {
      return localTime("datetime_beginning_utc", utc).toInstant(ZoneOffset.UTC);
    }
    String ept = required(row, "datetime_beginning_ept");
    return localTime("datetime_beginning_ept", ept).atZone(EPT).toInstant();
  }

  private static LocalDateTime localTime(String field, String value) {
    String v = value.trim();
    try {
      return v.contains("/") ? LocalDateTime.parse(v, CSV_TIME) : LocalDateTime.parse(v.endsWith("Z")
          ? v.substring(0, v.length() - 1) : v);
    } catch (DateTimeParseException e) {
      throw new MappingException(field + " '" + value + "' is neither ISO-8601 nor M/D/YYYY h:mm:ss AM");
    }
  }

  private static String required(Map<String, String> row, String field) {
    String v = row.get(field);
    if (v == null || v.isBlank() || v.equals("null")) {
      throw new MappingException("missing " + field);
    }
    return v;
  }

  private static double number(Map<String, String> row, String field) {
    String v = required(row, field);
    try {
      return Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      throw new MappingException(field + " '" + v + "' is not a number");
    }
  }

  private static Double optional(Map<String, String> row, String field) {
    String v = row.get(field);
    return v == null || v.isBlank() || v.equals("null") ? null : number(row, field);
  }
}
