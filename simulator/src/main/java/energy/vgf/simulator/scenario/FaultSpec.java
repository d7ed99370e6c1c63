package energy.vgf.simulator.scenario;

/**
 * Telematics and meter faults to inject (all off by default). Rates are per vehicle unless stated.
 *
 * @param gapsPerDay telemetry outages per vehicle-day (records are dropped)
 * @param gapMeanMin mean outage length, exponential
 * @param duplicatePct share of telemetry records sent twice
 * @param outOfOrderPct share of telemetry records delivered after the vehicle's next record
 * @param stuckSocPerDay stuck-SoC episodes per vehicle-day (the reported SoC freezes)
 * @param stuckSocMeanH mean stuck episode length, exponential
 * @param clockSkewVehiclePct share of vehicles whose clock is off
 * @param clockSkewMaxS largest skew, seconds (drawn uniformly in +-max per skewed vehicle)
 * @param meterMissingPct share of site meter intervals flagged MISSING (zero energy)
 */
public record FaultSpec(boolean enabled, double gapsPerDay, double gapMeanMin, double duplicatePct,
    double outOfOrderPct, double stuckSocPerDay, double stuckSocMeanH, double clockSkewVehiclePct,
    double clockSkewMaxS, double meterMissingPct) {

  public static final FaultSpec NONE = new FaultSpec(false, 0, 0, 0, 0, 0, 0, 0, 0, 0);

  /** A realistic mix to switch on with --faults. */
  public static final FaultSpec TYPICAL = new FaultSpec(true, 0.5, 20, 1, 1, 0.1, 3, 10, 120, 0.5);

  public FaultSpec {
    check("duplicate_pct", duplicatePct);
    check("out_of_order_pct", outOfOrderPct);
    check("clock_skew_vehicle_pct", clockSkewVehiclePct);
    check("meter_missing_pct", meterMissingPct);
    if (gapsPerDay < 0 || stuckSocPerDay < 0 || gapMeanMin < 0 || stuckSocMeanH < 0 || clockSkewMaxS < 0) {
      throw new IllegalArgumentException("faults: rates and durations must be >= 0");
    }
  }

  private static void check(String key, double pct) {
    if (pct < 0 || pct > 100) {
      throw new IllegalArgumentException("faults." + key + " must be in [0, 100], got " + pct);
    }
  }
}
