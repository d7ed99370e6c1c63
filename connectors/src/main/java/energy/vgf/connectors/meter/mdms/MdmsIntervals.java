package energy.vgf.connectors.meter.mdms;

import energy.vgf.connectors.source.Csv;
import energy.vgf.connectors.source.FeedItem;
import energy.vgf.connectors.source.MappingException;
import energy.vgf.metering.ReadingQuality;
import energy.vgf.metering.SiteMeterReading;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Maps an interval export to SiteMeterReading with the configured column names, energy unit, timestamp format and
 * zone. Rows come back sorted by interval start, then meter, then line; a row that cannot be mapped keeps the place
 * of the last readable start before it, so it is dead-lettered once, when the feed passes that place.
 */
public final class MdmsIntervals {

  /** How the export reads. */
  public record Layout(String siteId, String siteColumn, String meterColumn, String startColumn, String endColumn,
      String importColumn, String exportColumn, String qualityColumn, double kwhPerUnit, DateTimeFormatter format,
      ZoneId zone, Duration interval, char delimiter) {}

  /** A mapped or rejected row with its place in time. */
  public record Interval(Instant start, Instant end, String meter, int line, FeedItem item) {}

  private MdmsIntervals() {}

  public static double kwhPerUnit(String unit) {
    return switch (unit) {
      case "Wh" -> 0.001;
      case "kWh" -> 1.0;
      case "MWh" -> 1000.0;
      default -> throw new IllegalArgumentException("unknown energy unit " + unit);
    };
  }

  public static List<Interval> read(String csv, Layout layout) {
    List<String> header = Csv.header(csv, layout.delimiter());
    for (String column : new String[] {layout.meterColumn(), layout.startColumn(), layout.importColumn(),
        layout.endColumn(), layout.exportColumn(), layout.qualityColumn(), layout.siteColumn()}) {
      if (!column.isEmpty() && !header.contains(column)) {
        throw new MappingException("export has no column '" + column + "' (header: " + String.join(",", header) + ")");
      }
    }
    List<Interval> out = new ArrayList<>();
    Set<String> seenLocal = new HashSet<>();
    Instant lastStart = null;
    List<Csv.Row> pending = new ArrayList<>();
    List<String> pendingReasons = new ArrayList<>();
    for (Csv.Row row : Csv.parse(csv, layout.delimiter())) {
      String meter = value(row, layout.meterColumn());
      Instant start;
      try {
        start = time(row, layout.startColumn(), layout, meter, seenLocal);
      } catch (MappingException e) {
        if (lastStart == null) {
          pending.add(row);
          pendingReasons.add(e.getMessage());
        } else {
          out.add(rejected(lastStart, row, e.getMessage()));
        }
        continue;
      }
      if (lastStart == null) {
        for (int i = 0; i < pending.size(); i++) {
          out.add(rejected(start, pending.get(i), pendingReasons.get(i)));
        }
      }
      lastStart = start;
      try {
        out.add(map(row, start, meter, layout, seenLocal));
      } catch (MappingException e) {
        out.add(rejected(start, row, e.getMessage()));
      }
    }
    for (int i = 0; lastStart == null && i < pending.size(); i++) {
      out.add(rejected(Instant.EPOCH, pending.get(i), pendingReasons.get(i)));
    }
    out.sort(Comparator.comparing(Interval::start).thenComparing(Interval::meter).thenComparing(Interval::line));
    return out;
  }

  private static Interval map(Csv.Row row, Instant start, String meter, MdmsIntervals.Layout layout,
      Set<String> seenLocal) {
    if (meter.isEmpty()) {
      throw new MappingException("empty " + layout.meterColumn());
    }
    Instant end = layout.endColumn().isEmpty() ? start.plus(layout.interval())
        : time(row, layout.endColumn(), layout, meter + "|end", seenLocal);
    if (!end.isAfter(start)) {
      throw new MappingException("interval end " + end + " is not after its start " + start);
    }
    String site = layout.siteColumn().isEmpty() ? layout.siteId() : value(row, layout.siteColumn());
    if (site.isEmpty()) {
      throw new MappingException("empty " + layout.siteColumn());
    }
    SiteMeterReading r = SiteMeterReading.newBuilder()
        .setSiteId(site)
        .setMeterId(meter)
        .setIntervalStart(start)
        .setIntervalEnd(end)
        .setEnergyImportKwh(energy(row, layout.importColumn(), layout))
        .setEnergyExportKwh(layout.exportColumn().isEmpty() ? 0.0 : energy(row, layout.exportColumn(), layout))
        .setQuality(layout.qualityColumn().isEmpty() ? ReadingQuality.VALID : quality(value(row, layout.qualityColumn())))
        .setSource("mdms-csv")
        .build();
    return new Interval(start, end, meter, row.line(), new FeedItem.Mapped(site, r, start));
  }

  private static Interval rejected(Instant place, Csv.Row row, String reason) {
    return new Interval(place, place, "", row.line(), FeedItem.rejected(row.raw(),
        new MappingException("MDMS export line " + row.line() + ": " + reason)));
  }

  private static String value(Csv.Row row, String column) {
    String v = row.get(column);
    return v == null ? "" : v.trim();
  }

  private static double energy(Csv.Row row, String column, Layout layout) {
    String v = value(row, column);
    try {
      double value = Double.parseDouble(v);
      if (value < 0) {
        throw new MappingException(column + " " + v + " is negative (imports and exports are separate columns)");
      }
      // Divide for Wh rather than multiply by 0.001, so that 350 Wh is exactly 0.35 kWh.
      return layout.kwhPerUnit() < 1 ? value / Math.rint(1 / layout.kwhPerUnit()) : value * layout.kwhPerUnit();
    } catch (NumberFormatException e) {
      throw new MappingException(column + " '" + v + "' is not a number");
    }
  }

  /** Offsets as written; local times in the configured zone, the repeated fall-back hour by order of appearance. */
  private static Instant time(Csv.Row row, String column, Layout layout, String meter, Set<String> seenLocal) {
    String v = value(row, column);
    if (v.isEmpty()) {
      throw new MappingException("empty " + column);
    }
    try {
      TemporalAccessor t = layout.format() == null ? null
          : layout.format().parseBest(v, OffsetDateTime::from, LocalDateTime::from);
      if (t instanceof OffsetDateTime o) {
        return o.toInstant();
      }
      LocalDateTime local;
      if (t instanceof LocalDateTime l) {
        local = l;
      } else {
        try {
          return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException noOffset) {
          local = LocalDateTime.parse(v.replace(' ', 'T'));
        }
      }
      ZonedDateTime z = ZonedDateTime.ofLocal(local, layout.zone(), null);
      boolean repeated = !seenLocal.add(meter + "|" + column + "|" + local);
      return (repeated ? z.withLaterOffsetAtOverlap() : z.withEarlierOffsetAtOverlap()).toInstant();
    } catch (DateTimeParseException e) {
      throw new MappingException(column + " '" + v + "' does not match "
          + (layout.format() == null ? "ISO-8601" : "the configured mdms.timestamp.format"));
    }
  }

  static ReadingQuality quality(String code) {
    return switch (code.toUpperCase(Locale.ROOT)) {
      case "", "A", "ACTUAL", "V", "VALID", "R", "READ" -> ReadingQuality.VALID;
      case "E", "EST", "ESTIMATED" -> ReadingQuality.ESTIMATED;
      case "M", "MISSING" -> ReadingQuality.MISSING;
      default -> ReadingQuality.QUESTIONABLE;
    };
  }
}
