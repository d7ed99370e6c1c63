package energy.vgf.ocpp.profile;

import java.time.Instant;
import tools.jackson.databind.node.ObjectNode;

/**
 * A SetChargingProfile request built from a setpoint.
 *
 * @param request the SetChargingProfile payload
 * @param appliedPowerKw the power actually requested after clamping and unit rounding (signed)
 * @param dischargeRefused true when a negative setpoint was turned into a zero limit because the charger cannot
 *     discharge
 * @param validTo when the profile ends and the charger returns to its TxDefaultProfile
 */
public record MappedProfile(ObjectNode request, double appliedPowerKw, boolean dischargeRefused, Instant validTo) {}
