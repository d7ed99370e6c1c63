package energy.vgf.ocpp.profile;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * A SetChargingProfile request built from a setpoint.
 *
 * @param request the SetChargingProfile payload
 * @param appliedSteps the schedule's periods as sent: each period's start (whole seconds) and the power actually
 *     requested after clamping and unit rounding (signed); the first starts when the profile does
 * @param dischargeRefused true when a negative setpoint was turned into a zero limit because the charger cannot
 *     discharge
 * @param validTo when the profile ends and the charger returns to its TxDefaultProfile
 */
public record MappedProfile(ObjectNode request, List<PowerStep> appliedSteps, boolean dischargeRefused,
                            Instant validTo) {
  public MappedProfile {
    appliedSteps = List.copyOf(appliedSteps);
  }

  /** The power requested from the profile's start (signed). */
  public double appliedPowerKw() {
    return appliedSteps.get(0).powerKw();
  }
}
