package energy.vgf.ocpp.bridge;

import java.time.Instant;

/** Hooks for measurements: when a setpoint's SetChargingProfile reached the socket. */
@FunctionalInterface
public interface SetpointObserver {
  SetpointObserver NONE = (chargerId, setpointId, writtenAt) -> {};

  void onWire(String chargerId, String setpointId, Instant writtenAt);
}
