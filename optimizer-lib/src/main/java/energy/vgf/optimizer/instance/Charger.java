package energy.vgf.optimizer.instance;

/**
 * A charge point.
 *
 * @param minKw  the lowest power it can deliver when on: OCPP chargers cannot go below about 6 A per phase,
 *               so a setpoint is either 0 or at least this much
 * @param stepKw the hardware step of its setpoints, 0 when it accepts any value
 */
public record Charger(String id, double maxKw, double minKw, boolean bidirectional, double stepKw) {
}
