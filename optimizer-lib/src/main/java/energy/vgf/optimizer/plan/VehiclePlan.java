package energy.vgf.optimizer.plan;

/**
 * @param powerKw   signed grid-side power per interval: positive charges, negative discharges (V2G)
 * @param energyKwh battery energy at the start of each interval and at the end of the horizon (horizon + 1 values)
 * @param targetKwh the energy it must have at the end of its last interval in the horizon: the required
 *                  energy if it departs within the horizon, otherwise what keeps the requirement reachable
 *                  at full power in the remaining time
 * @param physicallyPossible false when the target cannot be reached even with the site to itself
 */
public record VehiclePlan(String id, double[] powerKw, double[] energyKwh, double finalKwh, double targetKwh,
                          boolean met, double shortfallKwh, boolean physicallyPossible) {

  public VehiclePlan {
    powerKw = powerKw.clone();
    energyKwh = energyKwh.clone();
  }

  @Override
  public double[] powerKw() {
    return powerKw.clone();
  }

  @Override
  public double[] energyKwh() {
    return energyKwh.clone();
  }
}
