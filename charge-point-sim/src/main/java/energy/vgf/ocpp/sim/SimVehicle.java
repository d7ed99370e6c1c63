package energy.vgf.ocpp.sim;

/**
 * A vehicle plugged into a simulated connector. Mutable state (SoC) lives in {@link SimConnector}; this is the
 * vehicle's fixed description.
 *
 * @param vehicleId fleet id of the vehicle, reported as the idTag / idToken
 * @param capacityKwh usable battery capacity
 * @param initialSocPct state of charge on arrival, 0-100
 * @param maxChargeKw what the on-board charger (AC) or battery (DC) accepts below 80 % SoC
 * @param maxDischargeKw what the vehicle can return to the grid (V2G), 0 if it cannot
 */
public record SimVehicle(String vehicleId, double capacityKwh, double initialSocPct, double maxChargeKw,
    double maxDischargeKw) {

  /** Constant-current / constant-voltage taper: full power to 80 % SoC, then linearly down to 0 at 100 %. */
  public static final double TAPER_START_PCT = 80.0;

  public SimVehicle {
    if (capacityKwh <= 0 || initialSocPct < 0 || initialSocPct > 100 || maxChargeKw < 0 || maxDischargeKw < 0) {
      throw new IllegalArgumentException("invalid vehicle " + vehicleId + ": capacityKwh=" + capacityKwh
          + " initialSocPct=" + initialSocPct + " maxChargeKw=" + maxChargeKw + " maxDischargeKw=" + maxDischargeKw);
    }
  }

  public double acceptedChargeKw(double socPct) {
    if (socPct >= 100.0) {
      return 0.0;
    }
    if (socPct <= TAPER_START_PCT) {
      return maxChargeKw;
    }
    return maxChargeKw * (100.0 - socPct) / (100.0 - TAPER_START_PCT);
  }
}
