package energy.vgf.flink;

import energy.vgf.charging.ChargerMeterValue;
import energy.vgf.charging.ChargerStatus;
import energy.vgf.charging.ChargingSession;
import energy.vgf.dispatch.DispatchAck;
import energy.vgf.fleet.FleetConstraint;
import energy.vgf.flink.ingest.Validator;
import energy.vgf.grid.GridConstraint;
import energy.vgf.market.MarketPrice;
import energy.vgf.telemetry.VehicleTelemetry;
import energy.vgf.weather.WeatherForecast;

/** Record-level validation of the inputs: a failing record goes to the dead-letter topic with this reason. */
final class Validators {
  private Validators() {
  }

  static final Validator<VehicleTelemetry> TELEMETRY = t -> {
    if (blank(t.getVehicleId())) {
      return "vehicle_id is empty";
    }
    return soc("soc_pct", t.getSocPct());
  };

  static final Validator<ChargerStatus> STATUS = s -> blank(s.getChargerId()) ? "charger_id is empty" : null;

  static final Validator<ChargingSession> SESSION = s -> {
    if (blank(s.getChargerId())) {
      return "charger_id is empty";
    }
    if (!(s.getEnergyKwh() >= -1e6 && s.getEnergyKwh() <= 1e6)) {
      return "energy_kwh " + s.getEnergyKwh() + " is not a plausible number";
    }
    return soc("soc_pct", s.getSocPct());
  };

  static final Validator<ChargerMeterValue> METER = m -> {
    if (blank(m.getChargerId())) {
      return "charger_id is empty";
    }
    if (!Double.isFinite(m.getPowerKw()) || Math.abs(m.getPowerKw()) > 10_000) {
      return "power_kw " + m.getPowerKw() + " is outside [-10000, 10000]";
    }
    return soc("soc_pct", m.getSocPct());
  };

  static final Validator<FleetConstraint> CONSTRAINT = c -> {
    if (blank(c.getVehicleId())) {
      return "constraint " + c.getConstraintId() + " names group_id " + c.getGroupId()
          + " but no vehicle_id: group constraints need group membership (fleet master data), not available to the jobs yet;"
          + " send one constraint per vehicle";
    }
    if (!(c.getRequiredSocPct() >= 0 && c.getRequiredSocPct() <= 100)) {
      return "required_soc_pct " + c.getRequiredSocPct() + " is outside [0, 100]";
    }
    return null;
  };

  static final Validator<DispatchAck> ACK = a -> blank(a.getChargerId()) || blank(a.getSetpointId()) ? "charger_id or setpoint_id is empty" : null;

  static final Validator<MarketPrice> PRICE = p -> {
    if (!Double.isFinite(p.getLmpPerMwh())) {
      return "lmp_per_mwh " + p.getLmpPerMwh() + " is not finite";
    }
    return p.getIntervalEnd().isAfter(p.getIntervalStart()) ? null : "interval_end is not after interval_start";
  };

  static final Validator<WeatherForecast> WEATHER = w -> Double.isFinite(w.getTemperatureC()) ? null : "temperature_c is not finite";

  static final Validator<GridConstraint> GRID = g -> {
    if (!g.getValidTo().isAfter(g.getValidFrom())) {
      return "valid_to is not after valid_from";
    }
    if (g.getImportLimitKw() != null && !(g.getImportLimitKw() >= 0)) {
      return "import_limit_kw " + g.getImportLimitKw() + " is negative";
    }
    return null;
  };

  private static String soc(String field, Double v) {
    if (v != null && !(v >= 0 && v <= 100)) {
      return field + " " + v + " is outside [0, 100]";
    }
    return null;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
