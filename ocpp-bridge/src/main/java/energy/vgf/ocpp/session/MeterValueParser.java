package energy.vgf.ocpp.session;

import energy.vgf.ocpp.rpc.OcppVersion;
import energy.vgf.ocpp.rpc.RpcErrorCode;
import energy.vgf.ocpp.rpc.RpcException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Reads OCPP meterValue arrays. 1.6 (§7.31 SampledValue): the value is a string, measurand defaults to
 * Energy.Active.Import.Register and the unit to Wh (W, A, V for the other measurands). 2.x (2.0.1 §2.48): the value
 * is a number and unitOfMeasure carries a unit and a power-of-ten multiplier.
 */
public final class MeterValueParser {
  private MeterValueParser() {}

  public static List<MeterSample> parse(OcppVersion version, JsonNode meterValues) {
    List<MeterSample> out = new ArrayList<>();
    if (meterValues == null) {
      return out;
    }
    for (JsonNode mv : meterValues) {
      Instant ts = OffsetDateTime.parse(mv.get("timestamp").asString()).toInstant();
      Double pImp = null, pExp = null, eImp = null, eExp = null, cur = null, volt = null, soc = null;
      for (JsonNode sv : mv.get("sampledValue")) {
        String measurand = sv.has("measurand") ? sv.get("measurand").asString() : "Energy.Active.Import.Register";
        double value = value(version, sv);
        String unit = unit(version, sv);
        double scale = scale(version, sv);
        double v = value * scale;
        boolean perPhase = sv.has("phase") && !sv.get("phase").asString().equals("N");
        switch (measurand) {
          case "Energy.Active.Import.Register" -> eImp = sum(eImp, perPhase, toKilo(v, unit, "Wh"));
          case "Energy.Active.Export.Register" -> eExp = sum(eExp, perPhase, toKilo(v, unit, "Wh"));
          case "Power.Active.Import" -> pImp = sum(pImp, perPhase, toKilo(v, unit, "W"));
          case "Power.Active.Export" -> pExp = sum(pExp, perPhase, toKilo(v, unit, "W"));
          // Current and voltage per phase: keep the highest phase, the value that limits charging.
          case "Current.Import" -> cur = cur == null ? v : Math.max(cur, v);
          case "Voltage" -> volt = volt == null ? v : Math.max(volt, v);
          case "SoC" -> soc = v;
          default -> { }
        }
      }
      out.add(new MeterSample(ts, pImp, pExp, eImp, eExp, cur, volt, soc));
    }
    return out;
  }

  private static Double sum(Double acc, boolean perPhase, double v) {
    // Totals come without a phase; per-phase values of the same measurand add up.
    return acc == null || !perPhase ? v : acc + v;
  }

  private static double value(OcppVersion version, JsonNode sv) {
    JsonNode n = sv.get("value");
    if (version == OcppVersion.V16) {
      if ("SignedData".equals(sv.has("format") ? sv.get("format").asString() : "Raw")) {
        throw new RpcException(RpcErrorCode.NOT_SUPPORTED, "SignedData meter values are not supported");
      }
      try {
        return Double.parseDouble(n.asString().trim());
      } catch (NumberFormatException e) {
        // OCPP 1.6 §7.31: a Raw value is a decimal number; anything else violates the property's definition.
        throw new RpcException(RpcErrorCode.PROPERTY_CONSTRAINT_VIOLATION,
            "sampledValue.value '" + n.asString() + "' is not a number");
      }
    }
    return n.asDouble();
  }

  private static String unit(OcppVersion version, JsonNode sv) {
    if (version == OcppVersion.V16) {
      return sv.has("unit") ? sv.get("unit").asString() : null;
    }
    JsonNode u = sv.get("unitOfMeasure");
    return u != null && u.has("unit") ? u.get("unit").asString() : null;
  }

  private static double scale(OcppVersion version, JsonNode sv) {
    if (version == OcppVersion.V16) {
      return 1.0;
    }
    JsonNode u = sv.get("unitOfMeasure");
    return u != null && u.has("multiplier") ? Math.pow(10, u.get("multiplier").asInt()) : 1.0;
  }

  /** Values in W/Wh (the defaults) become kW/kWh; values already in kW/kWh stay. */
  private static double toKilo(double v, String unit, String base) {
    if (unit != null && unit.equals("k" + base)) {
      return v;
    }
    return v / 1000.0;
  }
}
