package energy.vgf.flink;

import energy.vgf.charging.ChargerMeterValue;
import energy.vgf.charging.ChargerStatus;
import energy.vgf.charging.ConnectorStatus;
import energy.vgf.charging.ChargingSession;
import energy.vgf.charging.SessionEvent;
import energy.vgf.dispatch.AckStatus;
import energy.vgf.dispatch.DispatchAck;
import energy.vgf.fleet.FleetConstraint;
import energy.vgf.flink.config.JobConfig;
import energy.vgf.telemetry.TelematicsProvider;
import energy.vgf.telemetry.VehicleStatus;
import energy.vgf.telemetry.VehicleTelemetry;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Test records and configuration. Times are minutes after {@link #T0}. */
public final class Fixtures {
  public static final Instant T0 = Instant.parse("2026-01-15T00:00:00Z");

  private Fixtures() {
  }

  public static Instant at(double minutes) {
    return T0.plusMillis(Math.round(minutes * 60_000));
  }

  public static JobConfig config(String... overrides) {
    Map<String, String> m = new HashMap<>();
    m.put("bootstrap.servers", "127.0.0.1:1");
    m.put("schema.registry.url", "http://127.0.0.1:1");
    m.put("fleet.vehicle.default.capacity.kwh", "100");
    m.put("fleet.vehicle.default.max.charge.kw", "50");
    m.put("fleet.charger.default.max.kw", "50");
    m.put("fleet.site.default.import.limit.kw", "200");
    for (int i = 0; i + 1 < overrides.length; i += 2) {
      m.put(overrides[i], overrides[i + 1]);
    }
    return JobConfig.from(m);
  }

  public static VehicleTelemetry telemetry(String vehicle, double minutes, Double socPct, String depot, VehicleStatus status) {
    return VehicleTelemetry.newBuilder().setProvider(TelematicsProvider.SIMULATOR).setVehicleId(vehicle).setTs(at(minutes))
        .setSocPct(socPct).setStatus(status).setDepotId(depot).setFleetId("fleet-1").build();
  }

  public static VehicleTelemetry parked(String vehicle, double minutes, double socPct) {
    return telemetry(vehicle, minutes, socPct, "depot-a", VehicleStatus.PARKED);
  }

  public static ChargerStatus status(String charger, double minutes, ConnectorStatus status, String vehicle) {
    return ChargerStatus.newBuilder().setChargerId(charger).setConnectorId(1).setTs(at(minutes)).setStatus(status)
        .setOcppVersion("ocpp1.6").setSiteId("depot-a").setVehicleId(vehicle).build();
  }

  public static ChargingSession session(String charger, double minutes, SessionEvent event, String vehicle) {
    return ChargingSession.newBuilder().setSessionId("s-" + charger).setChargerId(charger).setConnectorId(1).setEvent(event)
        .setTs(at(minutes)).setStartedAt(at(minutes)).setEnergyKwh(0).setVehicleId(vehicle).setSiteId("depot-a").build();
  }

  public static ChargerMeterValue meter(String charger, double minutes, double powerKw, Double importKwh, String vehicle) {
    return ChargerMeterValue.newBuilder().setChargerId(charger).setConnectorId(1).setTs(at(minutes)).setPowerKw(powerKw)
        .setEnergyImportKwh(importKwh).setVehicleId(vehicle).setSiteId("depot-a").build();
  }

  public static FleetConstraint constraint(String vehicle, double issuedMinutes, double departureMinutes, double requiredSocPct) {
    return FleetConstraint.newBuilder().setConstraintId("c-" + vehicle).setFleetId("fleet-1").setVehicleId(vehicle)
        .setDepartureTime(at(departureMinutes)).setRequiredSocPct(requiredSocPct).setIssuedAt(at(issuedMinutes)).build();
  }

  public static DispatchAck ack(String setpointId, String charger, AckStatus status, double minutes) {
    return DispatchAck.newBuilder().setSetpointId(setpointId).setChargerId(charger).setStatus(status).setTs(at(minutes))
        .setDetail("test").build();
  }
}
