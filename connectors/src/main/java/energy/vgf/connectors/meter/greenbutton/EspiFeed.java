package energy.vgf.connectors.meter.greenbutton;

import energy.vgf.connectors.source.FeedItem;
import energy.vgf.connectors.source.MappingException;
import energy.vgf.metering.ReadingQuality;
import energy.vgf.metering.SiteMeterReading;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * An ESPI Atom feed, possibly spread over pages: entries whose content is one ESPI resource, linked by
 * rel="self" / "up" / "related" hrefs rather than nested (NAESB REQ.21 ESPI). IntervalBlock -> its
 * MeterReading (the block's "up" minus /IntervalBlock) -> the ReadingType the MeterReading relates to,
 * whose uom and powerOfTenMultiplier scale every IntervalReading value.
 */
public final class EspiFeed {

  static final String ESPI = "http://naesb.org/espi";
  static final String ATOM = "http://www.w3.org/2005/Atom";

  // ESPI UnitSymbolKind: 72 = Wh. FlowDirectionKind: 1 = forward (delivered), 19 = reverse (received).
  private static final int UOM_WH = 72;
  private static final int FLOW_REVERSE = 19;

  private final Map<String, Element> resources = new HashMap<>();
  private final Map<String, List<String>> related = new HashMap<>();
  private final List<Block> blocks = new ArrayList<>();
  private final List<String> nextPages = new ArrayList<>();

  private record Block(String up, Element block) {}

  /** Adds one page of the feed; returns its rel="next" href, if any (RFC 5005 paging). */
  public Optional<String> addPage(byte[] xml) throws IOException {
    Document doc = parse(xml);
    Optional<String> next = Optional.empty();
    Element feed = doc.getDocumentElement();
    for (Node n = feed.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element link && "link".equals(link.getLocalName()) && "next".equals(link.getAttribute("rel"))) {
        next = Optional.of(link.getAttribute("href"));
      }
    }
    NodeList entries = doc.getElementsByTagNameNS(ATOM, "entry");
    for (int i = 0; i < entries.getLength(); i++) {
      Element entry = (Element) entries.item(i);
      String self = null;
      String up = null;
      List<String> rel = new ArrayList<>();
      NodeList links = entry.getElementsByTagNameNS(ATOM, "link");
      for (int l = 0; l < links.getLength(); l++) {
        Element link = (Element) links.item(l);
        switch (link.getAttribute("rel")) {
          case "self" -> self = normalise(link.getAttribute("href"));
          case "up" -> up = normalise(link.getAttribute("href"));
          case "related" -> rel.add(normalise(link.getAttribute("href")));
          default -> { }
        }
      }
      Element resource = firstEspiElement(entry);
      if (resource == null || self == null) {
        continue;
      }
      resources.put(self, resource);
      related.put(self, rel);
      if ("IntervalBlock".equals(resource.getLocalName())) {
        blocks.add(new Block(up, resource));
      }
    }
    next.ifPresent(nextPages::add);
    return next;
  }

  /** Readings of every IntervalBlock starting at or after {@code fromEpochS}, sorted by interval start. */
  public List<FeedItem> readings(String siteId, long fromEpochS) {
    return read(siteId, fromEpochS).items();
  }

  /**
   * The readings and the end (epoch s) of the latest interval seen, mapped or rejected: the next token,
   * so an unreadable interval is dead-lettered once and not again on every poll.
   */
  public record Readings(List<FeedItem> items, long endEpochS) {}

  public Readings read(String siteId, long fromEpochS) {
    long latestEnd = fromEpochS;
    List<Reading> out = new ArrayList<>();
    List<FeedItem> rejected = new ArrayList<>();
    for (Block b : blocks) {
      try {
        String meterReading = b.up() == null ? null : b.up().replaceFirst("/IntervalBlock$", "");
        Element readingType = related.getOrDefault(meterReading, List.of()).stream()
            .map(resources::get).filter(r -> r != null && "ReadingType".equals(r.getLocalName()))
            .findFirst().orElseThrow(() -> new MappingException("IntervalBlock under " + b.up()
                + " has no MeterReading with a ReadingType in the feed"));
        int uom = intOf(readingType, "uom", -1);
        if (uom != UOM_WH) {
          throw new MappingException("ReadingType uom " + uom + " is not 72 (Wh); only electric energy is mapped");
        }
        int power = intOf(readingType, "powerOfTenMultiplier", 0);
        boolean export = intOf(readingType, "flowDirection", 1) == FLOW_REVERSE;
        String meterId = meterReading.replaceFirst("/MeterReading/[^/]+$", "");
        NodeList readings = b.block().getElementsByTagNameNS(ESPI, "IntervalReading");
        for (int i = 0; i < readings.getLength(); i++) {
          Element r = (Element) readings.item(i);
          try {
            Element period = child(r, "timePeriod");
            long start = Long.parseLong(text(period, "start"));
            long duration = Long.parseLong(text(period, "duration"));
            if (start < fromEpochS) {
              continue;
            }
            latestEnd = Math.max(latestEnd, start + duration);
            double kwh = Long.parseLong(text(r, "value")) * Math.pow(10, power) / 1000.0;
            Element quality = child(r, "ReadingQuality");
            out.add(new Reading(start, SiteMeterReading.newBuilder()
                .setSiteId(siteId)
                .setMeterId(meterId)
                .setIntervalStart(Instant.ofEpochSecond(start))
                .setIntervalEnd(Instant.ofEpochSecond(start + duration))
                .setEnergyImportKwh(export ? 0.0 : kwh)
                .setEnergyExportKwh(export ? kwh : 0.0)
                .setQuality(quality == null ? ReadingQuality.VALID : quality(intOf(quality, "quality", -1)))
                .setSource("greenbutton")
                .build()));
          } catch (MappingException | NumberFormatException e) {
            rejected.add(FeedItem.rejected(r.getTextContent().replaceAll("\\s+", " ").trim(),
                new MappingException("IntervalReading " + i + " of " + b.up() + ": " + e.getMessage())));
          }
        }
      } catch (MappingException e) {
        rejected.add(FeedItem.rejected(b.block().getTextContent().replaceAll("\\s+", " ").trim(), e));
      }
    }
    out.sort(Comparator.comparingLong(Reading::start));
    List<FeedItem> items = new ArrayList<>();
    out.forEach(r -> items.add(new FeedItem.Mapped(siteId, r.reading(), r.reading().getIntervalStart())));
    items.addAll(rejected);
    return new Readings(items, latestEnd);
  }

  private record Reading(long start, SiteMeterReading reading) {}

  /**
   * ESPI QualityOfReading: 0 valid, 7 manually edited, 8 estimated (reference day), 9 estimated
   * (linear interpolation), 10 questionable, 11 derived, 12 projected, 17 validated, 18 verified,
   * 19 revenue-quality. No ReadingQuality element means the custodian flags nothing: valid.
   */
  static ReadingQuality quality(int code) {
    return switch (code) {
      case 0, 17, 18, 19 -> ReadingQuality.VALID;
      case 7, 8, 9, 11, 12 -> ReadingQuality.ESTIMATED;
      default -> ReadingQuality.QUESTIONABLE;
    };
  }

  private static String normalise(String href) {
    // Hrefs are absolute in live feeds and relative in sample files; the path after /resource/ (or the whole)
    // identifies the resource.
    int i = href.indexOf("/resource/");
    String path = i >= 0 ? href.substring(i + "/resource/".length()) : href.replaceFirst("^https?://[^/]+/", "");
    return path.startsWith("/") ? path.substring(1) : path;
  }

  private static Element firstEspiElement(Element entry) {
    NodeList content = entry.getElementsByTagNameNS(ATOM, "content");
    if (content.getLength() == 0) {
      return null;
    }
    for (Node n = content.item(0).getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && ESPI.equals(e.getNamespaceURI())) {
        return e;
      }
    }
    return null;
  }

  private static Element child(Element parent, String name) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && name.equals(e.getLocalName())) {
        return e;
      }
    }
    return null;
  }

  private static String text(Element parent, String name) {
    Element e = parent == null ? null : child(parent, name);
    if (e == null) {
      throw new MappingException("missing " + name);
    }
    return e.getTextContent().trim();
  }

  private static int intOf(Element parent, String name, int dflt) {
    Element e = child(parent, name);
    return e == null ? dflt : Integer.parseInt(e.getTextContent().trim());
  }

  private static Document parse(byte[] xml) throws IOException {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
      if (!"feed".equals(doc.getDocumentElement().getLocalName())) {
        throw new IOException("not an Atom feed: root is " + doc.getDocumentElement().getLocalName());
      }
      return doc;
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException("not XML: " + e.getMessage(), e);
    }
  }
}
