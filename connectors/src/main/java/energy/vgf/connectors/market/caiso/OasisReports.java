package energy.vgf.connectors.market.caiso;

import energy.vgf.connectors.source.FeedItem;
import energy.vgf.connectors.source.MappingException;
import energy.vgf.market.Iso;
import energy.vgf.market.MarketPrice;
import energy.vgf.market.MarketType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Parses OASIS answers: always a zip (even for errors), holding a CSV (resultformat=6) or an
 * OASISReport XML. Prices are grouped per node and interval; LMP is the total, MCE/MCC/MCL its
 * energy, congestion and loss components (OASIS Interface Specification, PRC_LMP).
 */
public final class OasisReports {

  /** OASIS ERR_CODE 1000: "No data returned for the specified selection" (not a failure). */
  public static final String NO_DATA = "1000";

  private OasisReports() {}

  /** The decoded answer: the report text and, when it is an error report, its code and description. */
  public record Answer(String fileName, String text, Optional<String> errorCode, String errorDescription) {}

  public static Answer open(byte[] body) throws IOException {
    byte[] content = body;
    String name = "";
    if (body.length > 1 && body[0] == 'P' && body[1] == 'K') {
      try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(body))) {
        ZipEntry entry = zip.getNextEntry();
        if (entry == null) {
          throw new IOException("empty zip");
        }
        name = entry.getName();
        content = zip.readAllBytes();
      }
    }
    String text = new String(content, StandardCharsets.UTF_8);
    if (text.stripLeading().startsWith("<")) {
      Document doc = xml(content);
      NodeList codes = doc.getElementsByTagNameNS("*", "ERR_CODE");
      if (codes.getLength() > 0) {
        NodeList desc = doc.getElementsByTagNameNS("*", "ERR_DESC");
        return new Answer(name, text, Optional.of(codes.item(0).getTextContent().trim()),
            desc.getLength() > 0 ? desc.item(0).getTextContent().trim() : "");
      }
    }
    return new Answer(name, text, Optional.empty(), "");
  }

  private static Document xml(byte[] content) throws IOException {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      return f.newDocumentBuilder().parse(new ByteArrayInputStream(content));
    } catch (Exception e) {
      throw new IOException("not OASIS XML: " + e.getMessage(), e);
    }
  }

  /**
   * CSV rows of PRC_LMP / PRC_INTVL_LMP. The price is in column MW ($/MWh; the name is misleading),
   * LMP_TYPE says which component a row holds; rows arrive unsorted; only rows of the trade date are kept.
   */
  public static List<FeedItem> mapCsv(String csv, LocalDate tradeDate) {
    String[] lines = csv.split("\r?\n");
    if (lines.length == 0 || !lines[0].contains("LMP_TYPE")) {
      throw new MappingException("not an OASIS LMP CSV: header is " + (lines.length == 0 ? "missing" : lines[0]));
    }
    String[] header = lines[0].split(",");
    Map<String, Integer> col = new HashMap<>();
    for (int i = 0; i < header.length; i++) {
      col.put(header[i].trim(), i);
    }
    for (String required : List.of("INTERVALSTARTTIME_GMT", "INTERVALENDTIME_GMT", "OPR_DT", "NODE",
        "MARKET_RUN_ID", "LMP_TYPE", "MW")) {
      if (!col.containsKey(required)) {
        throw new MappingException("OASIS CSV has no column " + required);
      }
    }
    Map<String, Group> groups = new TreeMap<>();
    List<FeedItem> rejected = new ArrayList<>();
    for (int n = 1; n < lines.length; n++) {
      String line = lines[n];
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.split(",", -1);
      try {
        if (f.length < header.length) {
          throw new MappingException("row has " + f.length + " columns, header " + header.length);
        }
        if (!tradeDate.toString().equals(f[col.get("OPR_DT")])) {
          continue;
        }
        Instant start = gmt(f[col.get("INTERVALSTARTTIME_GMT")]);
        Instant end = gmt(f[col.get("INTERVALENDTIME_GMT")]);
        String node = f[col.get("NODE")];
        double value = number("MW", f[col.get("MW")]);
        Group g = groups.computeIfAbsent(start + "|" + node,
            k -> new Group(node, market(f[col.get("MARKET_RUN_ID")]), start, end, line));
        g.put(f[col.get("LMP_TYPE")], value);
      } catch (MappingException e) {
        rejected.add(FeedItem.rejected(line, new MappingException("OASIS CSV line " + (n + 1) + ": " + e.getMessage())));
      }
    }
    List<FeedItem> out = new ArrayList<>();
    groups.values().forEach(g -> out.add(g.toItem()));
    out.addAll(rejected);
    return out;
  }

  /** OASISReport XML: REPORT_DATA blocks with DATA_ITEM LMP_PRC, LMP_ENE_PRC, LMP_CONG_PRC, LMP_LOSS_PRC. */
  public static List<FeedItem> mapXml(String xml) throws IOException {
    Document doc = xml(xml.getBytes(StandardCharsets.UTF_8));
    NodeList items = doc.getElementsByTagNameNS("*", "REPORT_ITEM");
    Map<String, Group> groups = new TreeMap<>();
    List<FeedItem> rejected = new ArrayList<>();
    for (int i = 0; i < items.getLength(); i++) {
      Element item = (Element) items.item(i);
      String mkt = child(item, "MKT_TYPE");
      NodeList data = item.getElementsByTagNameNS("*", "REPORT_DATA");
      for (int d = 0; d < data.getLength(); d++) {
        Element e = (Element) data.item(d);
        try {
          String node = required(e, "RESOURCE_NAME");
          Instant start = gmt(required(e, "INTERVAL_START_GMT"));
          Instant end = gmt(required(e, "INTERVAL_END_GMT"));
          double value = number("VALUE", required(e, "VALUE"));
          String type = switch (required(e, "DATA_ITEM")) {
            case "LMP_PRC" -> "LMP";
            case "LMP_ENE_PRC" -> "MCE";
            case "LMP_CONG_PRC" -> "MCC";
            case "LMP_LOSS_PRC" -> "MCL";
            default -> "OTHER";
          };
          groups.computeIfAbsent(start + "|" + node,
              k -> new Group(node, market(mkt == null ? "RTM" : mkt), start, end, e.getTextContent())).put(type, value);
        } catch (MappingException ex) {
          rejected.add(FeedItem.rejected(e.getTextContent().trim(), ex));
        }
      }
    }
    List<FeedItem> out = new ArrayList<>();
    groups.values().forEach(g -> out.add(g.toItem()));
    out.addAll(rejected);
    return out;
  }

  private static String child(Element parent, String name) {
    NodeList l = parent.getElementsByTagNameNS("*", name);
    return l.getLength() == 0 ? null : l.item(0).getTextContent().trim();
  }

  private static String required(Element parent, String name) {
    String v = child(parent, name);
    if (v == null || v.isEmpty()) {
      throw new MappingException("REPORT_DATA without " + name);
    }
    return v;
  }

  private static MarketType market(String marketRunId) {
    return switch (marketRunId) {
      case "DAM" -> MarketType.DAY_AHEAD;
      case "RTM", "RTPD", "HASP", "RUC" -> MarketType.REAL_TIME;
      default -> throw new MappingException("unknown MARKET_RUN_ID " + marketRunId);
    };
  }

  /** OASIS writes GMT as 2026-07-14T07:00:00-00:00. */
  static Instant gmt(String s) {
    try {
      return OffsetDateTime.parse(s.trim().replace("-00:00", "Z")).toInstant();
    } catch (DateTimeParseException e) {
      throw new MappingException("time '" + s + "' is not ISO-8601 GMT");
    }
  }

  private static double number(String column, String s) {
    try {
      return Double.parseDouble(s.trim());
    } catch (NumberFormatException e) {
      throw new MappingException(column + " '" + s + "' is not a number");
    }
  }

  private static final class Group {
    final String node;
    final MarketType market;
    final Instant start;
    final Instant end;
    final String raw;
    Double lmp;
    Double energy;
    Double congestion;
    Double loss;

    Group(String node, MarketType market, Instant start, Instant end, String raw) {
      this.node = node;
      this.market = market;
      this.start = start;
      this.end = end;
      this.raw = raw;
    }

    void put(String lmpType, double value) {
      switch (lmpType) {
        case "LMP" -> lmp = value;
        case "MCE" -> energy = value;
        case "MCC" -> congestion = value;
        case "MCL" -> loss = value;
        default -> { } // MGHG (greenhouse-gas component) has no field in MarketPrice
      }
    }

    FeedItem toItem() {
      if (lmp == null) {
        return FeedItem.rejected(raw, new MappingException("node " + node + " interval " + start
            + " has components but no LMP row"));
      }
      MarketPrice p = MarketPrice.newBuilder().setIso(Iso.CAISO).setNode(node).setMarket(market)
          .setIntervalStart(start).setIntervalEnd(end).setLmpPerMwh(lmp).setEnergyPerMwh(energy)
          .setCongestionPerMwh(congestion).setLossPerMwh(loss).setPublishedAt(null).build();
      return new FeedItem.Mapped("CAISO:" + node, p, start);
    }
  }

  static boolean isElement(Node n) {
    return n.getNodeType() == Node.ELEMENT_NODE;
  }
}
