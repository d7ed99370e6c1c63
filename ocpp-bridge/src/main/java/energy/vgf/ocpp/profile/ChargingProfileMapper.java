package energy.vgf.ocpp.profile;

import energy.vgf.ocpp.rpc.FrameCodec;
import energy.vgf.ocpp.rpc.OcppVersion;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a power setpoint into OCPP charging profiles.
 *
 * <ul>
 *   <li>A setpoint becomes an Absolute TxProfile on the running transaction (OCPP 1.6 §3.13.2 / 2.0.1 K01): it
 *       replaces the previous one because the profile id and stack level stay the same per connector
 *       (1.6 §5.16.3, 2.0.1 K01.FR.05). Its steps become the schedule's periods, from the one in force when the
 *       profile is sent.</li>
 *   <li>Fail-safe: every TxProfile carries validTo; after it the TxDefaultProfile applies again (a TxProfile
 *       overrules the TxDefaultProfile only while valid, 1.6 §3.13.4).</li>
 *   <li>The TxDefaultProfile sent at boot is Relative with one open-ended period, so it applies from the start of
 *       every transaction at a safe rate, whatever the platform does.</li>
 *   <li>Negative setpoints on OCPP 2.1 bidirectional chargers use operationMode CentralSetpoint with a signed
 *       setpoint and a dischargeLimit (2.1 Q (V2X) use case); elsewhere they become a zero limit.</li>
 * </ul>
 */
public final class ChargingProfileMapper {
  /** Profile ids this bridge owns on every charger. */
  public static final int TX_DEFAULT_PROFILE_ID = 1;
  public static final int TX_PROFILE_ID_BASE = 1000;
  public static final int TX_DEFAULT_STACK_LEVEL = 0;
  public static final int TX_STACK_LEVEL = 1;

  private ChargingProfileMapper() {}

  /** A setpoint of one power over its validity. */
  public static MappedProfile txProfile(ChargerCapabilities caps, int connectorId, String transactionId,
      double powerKw, Instant validFrom, Instant validTo, Instant now, Duration maxValidity) {
    return txProfile(caps, connectorId, transactionId, List.of(new PowerStep(validFrom, powerKw)), validTo, now,
        maxValidity);
  }

  /**
   * @param steps the setpoint's powers in time order; the first starts at the setpoint's valid_from
   * @param validTo the setpoint's own end of validity
   * @param maxValidity fail-safe: the profile expires at most this long after {@code now}
   */
  public static MappedProfile txProfile(ChargerCapabilities caps, int connectorId, String transactionId,
      List<PowerStep> steps, Instant validTo, Instant now, Duration maxValidity) {
    if (steps.isEmpty()) {
      throw new IllegalArgumentException("a setpoint needs at least one power step");
    }
    Instant validFrom = steps.get(0).start();
    Instant from = (validFrom.isAfter(now) ? validFrom : now).truncatedTo(ChronoUnit.SECONDS);
    Instant failSafeEnd = now.plus(maxValidity);
    // Schedules count whole seconds. The end rounds up: a profile must not end before its setpoint does and hand
    // the charger to its TxDefaultProfile while the plan still holds it lower (at a depot twin running 1,500 x, a
    // second rounded away is 25 simulated minutes at the fail-safe rate). The fail-safe validity grows by < 1 s.
    Instant to = ceilToSecond(validTo.isBefore(failSafeEnd) ? validTo : failSafeEnd);
    if (!to.isAfter(from)) {
      to = from.plusSeconds(1);
    }
    List<ObjectNode> periods = new ArrayList<>();
    List<PowerStep> applied = new ArrayList<>();
    boolean refused = false;
    for (PowerStep step : inForceFrom(steps, from)) {
      // A step starts at its own whole second (the nearest), the same on every charger of a site, so that one
      // charger's step down and another's step up switch together. Steps closer than a second collapse: the later
      // one holds from the earlier one's start.
      // The first period starts with the profile: a sub-second valid_from rounded up would leave the charger on its
      // TxDefaultProfile for the first second.
      Instant start = applied.isEmpty() || !step.start().isAfter(from) ? from : roundToSecond(step.start());
      if (!start.isBefore(to)) {
        break;
      }
      long startPeriodS = Duration.between(from, start).toSeconds();
      if (!applied.isEmpty() && !start.isAfter(applied.get(applied.size() - 1).start())) {
        periods.remove(periods.size() - 1);
        start = applied.remove(applied.size() - 1).start();
        startPeriodS = Duration.between(from, start).toSeconds();
      }
      refused |= step.powerKw() < 0 && !caps.canDischarge();
      ObjectNode period = FrameCodec.newObject().put("startPeriod", startPeriodS);
      double kw = putLimit(caps, period, step.powerKw());
      if (!applied.isEmpty() && applied.get(applied.size() - 1).powerKw() == kw) {
        continue; // the same limit goes on
      }
      periods.add(period);
      applied.add(new PowerStep(start, kw));
    }
    ObjectNode schedule = FrameCodec.newObject();
    if (caps.version().is2x()) {
      schedule.put("id", TX_PROFILE_ID_BASE + connectorId);
    }
    schedule.put("startSchedule", from.toString())
        .put("duration", Duration.between(from, to).toSeconds())
        .put("chargingRateUnit", caps.rateUnit());
    ArrayNode periodArray = schedule.putArray("chargingSchedulePeriod");
    periods.forEach(periodArray::add);

    ObjectNode profile = FrameCodec.newObject();
    profile.put(caps.version() == OcppVersion.V16 ? "chargingProfileId" : "id", TX_PROFILE_ID_BASE + connectorId);
    if (transactionId != null) {
      if (caps.version() == OcppVersion.V16) {
        profile.put("transactionId", Long.parseLong(transactionId));
      } else {
        profile.put("transactionId", transactionId);
      }
    }
    profile.put("stackLevel", TX_STACK_LEVEL).put("chargingProfilePurpose", "TxProfile")
        .put("chargingProfileKind", "Absolute")
        .put("validFrom", from.toString()).put("validTo", to.toString());
    return new MappedProfile(wrap(caps.version(), connectorId, profile, schedule), applied, refused, to);
  }

  /** The step in force at {@code from} and every later one. */
  private static List<PowerStep> inForceFrom(List<PowerStep> steps, Instant from) {
    return steps.subList(PowerStep.inForce(steps, from), steps.size());
  }

  /**
   * Puts one period's limit (and, for V2X discharge, its setpoint) in the charger's rate unit; returns the power
   * it requests after clamping and rounding (signed). Negative setpoints on OCPP 2.1 bidirectional chargers use
   * operationMode CentralSetpoint (2.1 Q, V2X): 2.1 defines setpoint as the sum over all phases.
   */
  private static double putLimit(ChargerCapabilities caps, ObjectNode period, double powerKw) {
    boolean discharge = powerKw < 0 && caps.canDischarge();
    double kw = discharge ? -clampToHardware(caps, -powerKw) : clampToHardware(caps, Math.max(0, powerKw));
    String unit = caps.rateUnit();
    double applied;
    if (discharge) {
      double value = unit.equals("W") ? roundTenth(kw * 1000.0) : amps(caps, kw);
      period.put("limit", 0.0).put("operationMode", "CentralSetpoint").put("setpoint", value)
          .put("dischargeLimit", value);
      applied = unit.equals("W") ? value / 1000.0 : value * caps.voltageV() * caps.phases() / 1000.0;
    } else if (unit.equals("W")) {
      double w = roundTenth(kw * 1000.0);
      period.put("limit", w);
      applied = w / 1000.0;
    } else {
      double a = amps(caps, kw);
      period.put("limit", a);
      applied = a * caps.voltageV() * caps.phases() / 1000.0;
    }
    if (caps.phases() > 0) {
      period.put("numberPhases", caps.phases());
    }
    return applied;
  }

  private static Instant roundToSecond(Instant t) {
    return t.plusMillis(500).truncatedTo(ChronoUnit.SECONDS);
  }

  private static Instant ceilToSecond(Instant t) {
    Instant down = t.truncatedTo(ChronoUnit.SECONDS);
    return down.equals(t) ? t : down.plusSeconds(1);
  }

  /** The fail-safe TxDefaultProfile for the whole charger (connector / EVSE 0). */
  public static ObjectNode txDefaultProfile(ChargerCapabilities caps, double safePowerKw) {
    double kw = clampToHardware(caps, safePowerKw);
    ObjectNode period = FrameCodec.newObject().put("startPeriod", 0);
    period.put("limit", caps.rateUnit().equals("W") ? roundTenth(kw * 1000.0) : amps(caps, kw));
    if (caps.phases() > 0) {
      period.put("numberPhases", caps.phases());
    }
    ObjectNode schedule = FrameCodec.newObject();
    if (caps.version().is2x()) {
      schedule.put("id", TX_DEFAULT_PROFILE_ID);
    }
    schedule.put("chargingRateUnit", caps.rateUnit());
    schedule.putArray("chargingSchedulePeriod").add(period);
    ObjectNode profile = FrameCodec.newObject();
    profile.put(caps.version() == OcppVersion.V16 ? "chargingProfileId" : "id", TX_DEFAULT_PROFILE_ID)
        .put("stackLevel", TX_DEFAULT_STACK_LEVEL).put("chargingProfilePurpose", "TxDefaultProfile")
        .put("chargingProfileKind", "Relative");
    return wrap(caps.version(), 0, profile, schedule);
  }

  /** ClearChargingProfile for this bridge's TxProfile on a connector. */
  public static ObjectNode clearTxProfile(OcppVersion version, int connectorId) {
    ObjectNode req = FrameCodec.newObject();
    if (version == OcppVersion.V16) {
      req.put("id", TX_PROFILE_ID_BASE + connectorId);
    } else {
      req.put("chargingProfileId", TX_PROFILE_ID_BASE + connectorId);
    }
    return req;
  }

  public static ObjectNode getCompositeSchedule(OcppVersion version, int connectorId, Duration duration,
      String unit) {
    ObjectNode req = FrameCodec.newObject();
    req.put(version == OcppVersion.V16 ? "connectorId" : "evseId", connectorId)
        .put("duration", duration.toSeconds()).put("chargingRateUnit", unit);
    return req;
  }

  private static ObjectNode wrap(OcppVersion version, int connectorId, ObjectNode profile, ObjectNode schedule) {
    ObjectNode req = FrameCodec.newObject();
    if (version == OcppVersion.V16) {
      profile.set("chargingSchedule", schedule);
      req.put("connectorId", connectorId).set("csChargingProfiles", profile);
    } else {
      profile.putArray("chargingSchedule").add(schedule);
      req.put("evseId", connectorId).set("chargingProfile", profile);
    }
    return req;
  }

  /**
   * Bounds a non-negative power to what the charger can hold: at most maxKw; below minKw (the IEC 61851 minimum of
   * about 6 A per phase) an AC vehicle would stop, so the setpoint rounds to minKw or to 0, whichever is nearer.
   */
  static double clampToHardware(ChargerCapabilities caps, double kw) {
    double p = Math.min(kw, caps.maxKw());
    if (p > 0 && p < caps.minKw()) {
      p = p >= caps.minKw() / 2 ? caps.minKw() : 0.0;
    }
    return p;
  }

  /** Per-phase current, rounded down to 0.1 A (OCPP 1.6 limits are multiples of 0.1). */
  private static double amps(ChargerCapabilities caps, double kw) {
    double a = Math.abs(kw) * 1000.0 / (caps.voltageV() * caps.phases());
    double rounded = Math.floor(a * 10.0 + 1e-9) / 10.0;
    return kw < 0 ? -rounded : rounded;
  }

  private static double roundTenth(double v) {
    return Math.round(v * 10.0) / 10.0;
  }
}
