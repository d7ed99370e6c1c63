package energy.vgf.ocpp.profile;

import energy.vgf.ocpp.rpc.OcppVersion;

/**
 * What the bridge knows about a connected charger when it builds a charging profile.
 *
 * @param rateUnit "W" or "A": the unit the charger prefers in schedules (W when it accepts both)
 * @param phases AC phases (1 or 3), 0 for DC
 */
public record ChargerCapabilities(OcppVersion version, String rateUnit, int phases, double voltageV, double maxKw,
    double minKw, boolean bidirectional) {

  public ChargerCapabilities {
    if (!rateUnit.equals("W") && !rateUnit.equals("A")) {
      throw new IllegalArgumentException("rateUnit must be W or A, got " + rateUnit);
    }
    if (rateUnit.equals("A") && phases == 0) {
      throw new IllegalArgumentException("a DC charger (phases=0) cannot take limits in A");
    }
  }

  public ChargerCapabilities withRateUnit(String unit) {
    return new ChargerCapabilities(version, unit, phases, voltageV, maxKw, minKw, bidirectional);
  }

  /** V2X discharge by setpoint exists only in OCPP 2.1 (operationMode CentralSetpoint). */
  public boolean canDischarge() {
    return bidirectional && version == OcppVersion.V21;
  }
}
