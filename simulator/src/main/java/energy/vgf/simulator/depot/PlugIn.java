package energy.vgf.simulator.depot;

/**
 * A vehicle plugged into a charger: when, at what state of charge, and what the charger and the battery can take.
 * It answers the question behind "a feasible departure": could anything have met the requirement from the state
 * the vehicle plugged in with? ({@link #fullPowerSocPctAt}).
 *
 * @param epochS plug-in time; the charger applies power from this simulation step on
 * @param vehicleMaxChargeKw what the battery accepts below its taper, kW at the battery
 * @param chargerMaxKw the charger's rated power, kW at the grid side
 * @param efficiency the charger's grid-to-battery efficiency
 */
public record PlugIn(String vehicleId, String chargerId, long epochS, double socPct, double capacityKwh,
    double vehicleMaxChargeKw, double chargerMaxKw, double efficiency) {

  public PlugIn {
    if (capacityKwh <= 0 || efficiency <= 0 || efficiency > 1 || chargerMaxKw < 0 || vehicleMaxChargeKw < 0) {
      throw new IllegalArgumentException("plug-in of " + vehicleId + " at " + chargerId
          + ": capacity and efficiency must be positive (efficiency at most 1) and powers not negative");
    }
  }

  /**
   * The SoC at {@code untilEpochS} had the charger run at full power from plug-in (limited only by what the battery
   * accepts), stepped as the simulation steps: the uncontrolled baseline's curve from this vehicle's own state.
   */
  public double fullPowerSocPctAt(long untilEpochS, int stepS) {
    if (stepS <= 0) {
      throw new IllegalArgumentException("stepS must be positive, got " + stepS);
    }
    double socKwh = socPct / 100 * capacityKwh;
    for (long t = epochS; t < untilEpochS; t += stepS) {
      double acceptKw = PluggedVehicle.taperedKw(vehicleMaxChargeKw, 100 * socKwh / capacityKwh);
      double gridKw = UncontrolledChargePoint.fullPowerKw(chargerMaxKw, efficiency, acceptKw, capacityKwh - socKwh, stepS);
      socKwh += gridKw * efficiency * stepS / 3600;
    }
    return 100 * socKwh / capacityKwh;
  }
}
