package energy.vgf.simulator.scenario;

/**
 * Reporting cadence. The driving interval is also the simulation tick, so the parked interval must
 * be a multiple of it.
 */
public record TelemetrySpec(int drivingIntervalS, int parkedIntervalS) {

  public static final TelemetrySpec DEFAULT = new TelemetrySpec(30, 300);

  public TelemetrySpec {
    if (drivingIntervalS < 1 || 60 % drivingIntervalS != 0) {
      throw new IllegalArgumentException("telemetry.driving_interval_s must divide 60 (schedules are on whole minutes), got " + drivingIntervalS);
    }
    if (parkedIntervalS < drivingIntervalS || parkedIntervalS % drivingIntervalS != 0) {
      throw new IllegalArgumentException("telemetry.parked_interval_s must be a multiple of driving_interval_s ("
          + drivingIntervalS + "), got " + parkedIntervalS);
    }
  }
}
