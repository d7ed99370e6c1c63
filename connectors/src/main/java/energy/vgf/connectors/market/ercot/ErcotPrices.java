package energy.vgf.connectors.market.ercot;

import energy.vgf.connectors.source.FeedItem;
import energy.vgf.connectors.source.MappingException;
import energy.vgf.market.Iso;
import energy.vgf.market.MarketPrice;
import energy.vgf.market.MarketType;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Maps ERCOT settlement point price rows to MarketPrice: the public API's rows (camelCase fields) and the
 * MIS CSV files (PascalCase headers) alike, as field names are compared without case. Times are Central
 * Prevailing Time in hour-ending form; prices $/MWh with no components (an SPP is not decomposed).
 */
public final class ErcotPrices {

  /** Central Prevailing Time, the zone of ERCOT's delivery dates and hours. */
  public static final ZoneId CPT = ZoneId.of("America/Chicago");
  private static final DateTimeFormatter MIS_DATE = DateTimeFormatter.ofPattern("MM/dd/yyyy");

  /** One report: its market and interval length. */
  public enum Market {
    DAM("np4-190-cd/dam_stlmnt_pnt_prices", MarketType.DAY_AHEAD, Duration.ofHours(1)),
    RT("np6-905-cd/spp_node_zone_hub", MarketType.REAL_TIME, Duration.ofMinutes(15));

    final String endpoint;
    final MarketType market;
    final Duration interval;

    Market(String endpoint, MarketType market, Duration interval) {
      this.endpoint = endpoint;
      this.market = market;
      this.interval = interval;
    }

    public String endpoint() {
      return endpoint;
    }
  }

  private ErcotPrices() {}

  /** Field names without case, so the API's "deliveryDate" and the CSV's "DeliveryDate" read alike. */
  public static Map<String, String> normalise(Map<String, String> row) {
    Map<String, String> out = new LinkedHashMap<>();
    row.forEach((k, v) -> out.put(k.trim().toLowerCase(Locale.ROOT), v == null ? null : v.trim()));
    return out;
  }

  public static FeedItem map(Map<String, String> normalised, String raw, Market market) {
    try {
      Instant start = intervalStart(normalised, market);
      String point = normalised.get("settlementpoint");
      if (point == null || point.isEmpty()) {
        point = required(normalised, "settlementpointname");
      }
      String price = required(normalised, "settlementpointprice");
      double lmp;
      try {
        lmp = Double.parseDouble(price); // the DAM file writes " 23.94": trimmed above
      } catch (NumberFormatException e) {
        throw new MappingException("settlementPointPrice '" + price + "' is not a number");
      }
      MarketPrice p = MarketPrice.newBuilder()
          .setIso(Iso.ERCOT)
          .setNode(point)
          .setMarket(market.market)
          .setIntervalStart(start)
          .setIntervalEnd(start.plus(market.interval))
          .setLmpPerMwh(lmp)
          .setEnergyPerMwh(null)
          .setCongestionPerMwh(null)
          .setLossPerMwh(null)
          .setPublishedAt(null)
          .build();
      return new FeedItem.Mapped("ERCOT:" + point, p, start);
    } catch (MappingException e) {
      return FeedItem.rejected(raw, new MappingException("ERCOT " + market + " row: " + e.getMessage()));
    }
  }

  /**
   * Hour ending h (1..24, "HH:00" in the DAM report) covers local [h-1, h); RT interval i (1..4) starts
   * 15·(i-1) minutes into it. On the fall-back day hour 2 repeats and ERCOT marks the repeated (CST) hour
   * with DSTFlag=Y: that one takes the later offset at the overlap, the first one the earlier.
   */
  static Instant intervalStart(Map<String, String> row, Market market) {
    LocalDate date = date(required(row, "deliverydate"));
    int hourEnding;
    String he = market == Market.DAM ? required(row, "hourending") : required(row, "deliveryhour");
    try {
      hourEnding = Integer.parseInt(he.contains(":") ? he.substring(0, he.indexOf(':')) : he);
    } catch (NumberFormatException e) {
      throw new MappingException("hour ending '" + he + "' is not 1..24 or HH:00");
    }
    if (hourEnding < 1 || hourEnding > 24) {
      throw new MappingException("hour ending " + hourEnding + " is outside 1..24");
    }
    LocalDateTime local = date.atStartOfDay().plusHours(hourEnding - 1L);
    if (market == Market.RT) {
      String interval = required(row, "deliveryinterval");
      int i;
      try {
        i = Integer.parseInt(interval);
      } catch (NumberFormatException e) {
        throw new MappingException("deliveryInterval '" + interval + "' is not 1..4");
      }
      if (i < 1 || i > 4) {
        throw new MappingException("deliveryInterval " + i + " is outside 1..4");
      }
      local = local.plusMinutes(15L * (i - 1));
    }
    ZonedDateTime first = ZonedDateTime.ofLocal(local, CPT, null);
    return (repeatedHour(row.get("dstflag")) ? first.withLaterOffsetAtOverlap() : first.withEarlierOffsetAtOverlap())
        .toInstant();
  }

  /** The API may give the flag as a boolean or as "Y"/"N" (the MIS files); both are read. */
  private static boolean repeatedHour(String flag) {
    return flag != null && (flag.equalsIgnoreCase("Y") || flag.equalsIgnoreCase("true"));
  }

  static LocalDate date(String s) {
    try {
      return s.contains("/") ? LocalDate.parse(s, MIS_DATE) : LocalDate.parse(s);
    } catch (DateTimeParseException e) {
      throw new MappingException("deliveryDate '" + s + "' is neither YYYY-MM-DD nor MM/DD/YYYY");
    }
  }

  private static String required(Map<String, String> row, String field) {
    String v = row.get(field);
    if (v == null || v.isEmpty() || v.equals("null")) {
      throw new MappingException("missing " + field);
    }
    return v;
  }
}
