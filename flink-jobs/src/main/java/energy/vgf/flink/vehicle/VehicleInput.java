package energy.vgf.flink.vehicle;

import energy.vgf.charging.ChargerMeterValue;
import energy.vgf.charging.ChargerStatus;
import energy.vgf.charging.ChargingSession;
import energy.vgf.fleet.FleetConstraint;
import energy.vgf.telemetry.VehicleTelemetry;
import java.time.Instant;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * One event about a vehicle, keyed by vehicle id: exactly one field is set. Sent between operators as a tag
 * plus that record in Avro ({@link VehicleInputSerializer}); never kept in state.
 */
@TypeInfo(VehicleInputSerializer.Factory.class)
public class VehicleInput {
  public VehicleTelemetry telemetry;
  public ChargerStatus chargerStatus;
  public ChargingSession session;
  public ChargerMeterValue meter;
  public FleetConstraint constraint;

  public VehicleInput() {
  }

  public static VehicleInput of(VehicleTelemetry t) {
    VehicleInput i = new VehicleInput();
    i.telemetry = t;
    return i;
  }

  public static VehicleInput of(ChargerStatus s) {
    VehicleInput i = new VehicleInput();
    i.chargerStatus = s;
    return i;
  }

  public static VehicleInput of(ChargingSession s) {
    VehicleInput i = new VehicleInput();
    i.session = s;
    return i;
  }

  public static VehicleInput of(ChargerMeterValue m) {
    VehicleInput i = new VehicleInput();
    i.meter = m;
    return i;
  }

  public static VehicleInput of(FleetConstraint c) {
    VehicleInput i = new VehicleInput();
    i.constraint = c;
    return i;
  }

  public String vehicleId() {
    if (telemetry != null) {
      return telemetry.getVehicleId();
    }
    if (chargerStatus != null) {
      return chargerStatus.getVehicleId();
    }
    if (session != null) {
      return session.getVehicleId();
    }
    if (meter != null) {
      return meter.getVehicleId();
    }
    return constraint == null ? null : constraint.getVehicleId();
  }

  /** Event time; for fleet constraints the time the constraint was issued. */
  public Instant eventTime() {
    if (telemetry != null) {
      return telemetry.getTs();
    }
    if (chargerStatus != null) {
      return chargerStatus.getTs();
    }
    if (session != null) {
      return session.getTs();
    }
    if (meter != null) {
      return meter.getTs();
    }
    return constraint.getIssuedAt();
  }

  public String sourceTopic() {
    if (telemetry != null) {
      return energy.vgf.schemas.Topics.VEHICLE_TELEMETRY;
    }
    if (chargerStatus != null) {
      return energy.vgf.schemas.Topics.CHARGER_STATUS;
    }
    if (session != null) {
      return energy.vgf.schemas.Topics.CHARGING_SESSION;
    }
    if (meter != null) {
      return energy.vgf.schemas.Topics.CHARGER_METER;
    }
    return energy.vgf.schemas.Topics.FLEET_CONSTRAINT;
  }

  public Object record() {
    if (telemetry != null) {
      return telemetry;
    }
    if (chargerStatus != null) {
      return chargerStatus;
    }
    if (session != null) {
      return session;
    }
    return meter != null ? meter : constraint;
  }

  /**
   * Identity of the observation for de-duplication: the same source, subject and event time (plus the
   * discriminating field) is the same observation re-sent by an at-least-once producer or a replay.
   * Built from String hashes only, which are stable across JVMs (restored state stays valid).
   */
  public long fingerprint() {
    long h;
    if (telemetry != null) {
      h = mix(1, telemetry.getTs().toEpochMilli(), telemetry.getProvider().name().hashCode());
    } else if (chargerStatus != null) {
      h = mix(2, chargerStatus.getTs().toEpochMilli(), chargerStatus.getChargerId().hashCode() * 31L + chargerStatus.getStatus().name().hashCode());
    } else if (session != null) {
      h = mix(3, session.getTs().toEpochMilli(), session.getSessionId().hashCode() * 31L + session.getEvent().name().hashCode());
    } else if (meter != null) {
      h = mix(4, meter.getTs().toEpochMilli(), meter.getChargerId().hashCode());
    } else {
      h = mix(5, constraint.getIssuedAt().toEpochMilli(), constraint.getConstraintId().hashCode());
    }
    return h;
  }

  private static long mix(long kind, long ts, long discriminator) {
    long h = kind * 0x9E3779B97F4A7C15L;
    h ^= ts + 0x9E3779B97F4A7C15L + (h << 6) + (h >>> 2);
    h ^= discriminator * 0xC2B2AE3D27D4EB4FL;
    h ^= h >>> 31;
    return h * 0x94D049BB133111EBL;
  }
}
