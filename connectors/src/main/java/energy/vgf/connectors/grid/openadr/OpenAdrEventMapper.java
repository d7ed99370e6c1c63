package energy.vgf.connectors.grid.openadr;

import com.fasterxml.jackson.databind.JsonNode;
import energy.vgf.connectors.source.FeedItem;
import energy.vgf.connectors.source.JsonPayloads;
import energy.vgf.connectors.source.MappingException;
import energy.vgf.grid.BaselineMethod;
import energy.vgf.grid.ConstraintKind;
import energy.vgf.grid.GridConstraint;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Maps an OpenADR 3 event to GridConstraints, one per interval and payload. Limit payload types become
 * SITE_LIMITs in kW; every other type (PRICE, SIMPLE, GHG, ...) becomes a DEMAND_RESPONSE_EVENT of the
 * event's program, a PRICE per KWH carried in payment_per_kwh. Unknown types are passed on as DR events,
 * as the spec lets VTNs define their own.
 */
public final class OpenAdrEventMapper {

  /** "P9999Y" means infinite (OpenADR 3 intervalPeriod.duration); an open end is written as year 9999. */
  static final Instant OPEN_END = OffsetDateTime.of(9999, 12, 31, 0, 0, 0, 0, ZoneOffset.UTC).toInstant();

  private final Map<String, String> scopeMap;
  private final Set<String> importTypes;
  private final Set<String> exportTypes;

  public OpenAdrEventMapper(Map<String, String> scopeMap, Set<String> importTypes, Set<String> exportTypes) {
    this.scopeMap = scopeMap;
    this.importTypes = importTypes;
    this.exportTypes = exportTypes;
  }

  public List<FeedItem> map(JsonNode event) {
    try {
      return mapEvent(event);
    } catch (MappingException | IllegalArgumentException e) {
      return List.of(FeedItem.rejected(event.toString(), new MappingException("OpenADR event "
          + event.path("id").asText("?") + ": " + e.getMessage(), e)));
    }
  }

  private List<FeedItem> mapEvent(JsonNode event) {
    String eventId = JsonPayloads.text(event, "id");
    String programId = JsonPayloads.text(event, "programID");
    Instant issued = event.hasNonNull("modificationDateTime") ? JsonPayloads.instant(event, "modificationDateTime")
        : JsonPayloads.instant(event, "createdDateTime");
    String scope = scope(event.path("targets"));
    JsonNode defaults = event.path("intervalPeriod");
    List<FeedItem> out = new ArrayList<>();
    JsonNode intervals = event.path("intervals");
    if (!intervals.isArray() || intervals.isEmpty()) {
      throw new MappingException("event has no intervals");
    }
    for (int i = 0; i < intervals.size(); i++) {
      JsonNode interval = intervals.get(i);
      JsonNode period = interval.has("intervalPeriod") ? interval.get("intervalPeriod") : defaults;
      if (period == null || period.isMissingNode()) {
        throw new MappingException("interval " + i + " has no intervalPeriod and the event gives none");
      }
      String durationText = JsonPayloads.text(period.has("duration") ? period : defaults, "duration");
      Instant start = start(period.has("start") ? period : defaults, issued);
      // Interval i starts at start + i * duration unless it carries its own intervalPeriod (OpenADR 3.0 spec, 'intervals').
      if (!interval.has("intervalPeriod")) {
        start = plus(start, durationText, i);
      }
      Instant end = plus(start, durationText, 1);
      for (JsonNode payload : interval.path("payloads")) {
        String type = JsonPayloads.text(payload, "type");
        JsonNode values = payload.path("values");
        if (!values.isArray() || values.isEmpty() || !values.get(0).isNumber()) {
          throw new MappingException("interval " + i + " payload " + type + " has no numeric value");
        }
        double value = values.get(0).asDouble();
        String units = units(event, type);
        GridConstraint.Builder c = GridConstraint.newBuilder()
            .setConstraintId("openadr3:" + eventId + ":" + interval.path("id").asText(Integer.toString(i)) + ":" + type)
            .setScopeId(scope)
            .setSiteIds(List.of(scope))
            .setValidFrom(start)
            .setValidTo(end)
            .setImportLimitKw(null)
            .setExportLimitKw(null)
            .setProgramId(programId)
            .setBaselineMethod(BaselineMethod.NONE)
            .setPaymentPerKwh(null)
            .setTargetReductionKw(null)
            .setSource("openadr3")
            .setIssuedAt(issued);
        if (importTypes.contains(type)) {
          c.setKind(ConstraintKind.SITE_LIMIT).setImportLimitKw(kw(value, units));
        } else if (exportTypes.contains(type)) {
          c.setKind(ConstraintKind.SITE_LIMIT).setExportLimitKw(kw(value, units));
        } else {
          c.setKind(ConstraintKind.DEMAND_RESPONSE_EVENT);
          if (type.equals("PRICE") && "KWH".equals(units)) {
            c.setPaymentPerKwh(value);
          }
        }
        out.add(new FeedItem.Mapped(scope, c.build(), start));
      }
    }
    return out;
  }

  /** 3.0 targets are [{type, values[]}], 3.1 targets are plain strings; both are read. */
  private String scope(JsonNode targets) {
    List<String> values = new ArrayList<>();
    for (JsonNode t : targets) {
      if (t.isTextual()) {
        values.add(t.asText());
      } else if (t.isObject()) {
        t.path("values").forEach(v -> values.add(v.asText()));
      }
    }
    for (String v : values) {
      if (scopeMap.containsKey(v)) {
        return scopeMap.get(v);
      }
    }
    if (values.isEmpty()) {
      throw new MappingException("event has no targets to scope it to a site");
    }
    return values.get(0);
  }

  private static String units(JsonNode event, String type) {
    for (JsonNode d : event.path("payloadDescriptors")) {
      if (type.equals(d.path("payloadType").asText())) {
        return d.path("units").asText("KW");
      }
    }
    return "KW";
  }

  private static double kw(double value, String units) {
    return switch (units) {
      case "KW" -> value;
      case "W" -> value / 1000;
      case "MW" -> value * 1000;
      default -> throw new MappingException("limit in units '" + units + "' cannot be read as power");
    };
  }

  /** "0001-01-01" means now: the event applies from when it was issued. */
  private static Instant start(JsonNode period, Instant issued) {
    String s = JsonPayloads.text(period, "start");
    if (s.startsWith("0001-01-01")) {
      return issued;
    }
    return JsonPayloads.instant(period, "start");
  }

  private static Instant plus(Instant start, String iso, int times) {
    if (iso.equals("P9999Y")) {
      return times == 0 ? start : OPEN_END;
    }
    try {
      if (iso.contains("T")) {
        return start.plus(Duration.parse(iso).multipliedBy(times));
      }
      return start.atOffset(ZoneOffset.UTC).plus(Period.parse(iso).multipliedBy(times)).toInstant();
    } catch (RuntimeException e) {
      throw new MappingException("duration '" + iso + "' is not ISO-8601");
    }
  }
}
