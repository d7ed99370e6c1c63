package energy.vgf.flink.vehicle;

/**
 * Keyed state of one vehicle. A Flink POJO: its serializer supports adding and removing fields, so the
 * state survives upgrades that extend it. Times are epoch milliseconds UTC (0 = never).
 */
public class VehicleState {
  public String vehicleId;
  public String siteId;
  public String fleetId;

  /** Last trusted state of charge and the event time it was observed. */
  public Double socPct;
  public long socTsMs;
  /** Best estimate of the battery energy; from the SoC, or integrated from the charger when the SoC is not trusted. */
  public double energyKwh;
  public boolean socTrusted = true;
  /** Why the SoC is not trusted (soc-jump, soc-stuck), null when it is. */
  public String sanityFlag;
  /** A reading that jumped; accepted if the next reading confirms it (sensor recalibration, battery swap). */
  public Double pendingSocPct;
  /** The last SoC value reported, trusted or not, and the meter register when it was first reported. */
  public Double lastReportedSocPct;
  public Double stuckBaseImportKwh;
  public double stuckBaseEnergyKwh;
  public Double lastImportKwh;

  public boolean pluggedIn;
  public String chargerId;
  public long plugTsMs;
  public double powerKw;
  public long powerTsMs;

  public String status;
  public long telemetryTsMs;

  public Long departureMs;
  public Double requiredSocPct;
  public boolean hard = true;
  public String constraintId;
  public long constraintIssuedMs;

  /** Recent observation fingerprints, a ring: duplicates arrive close to the original. */
  public long[] recentFingerprints;
  public int recentNext;

  /** What was last sent downstream, so that unchanged observations emit nothing. */
  /** The newest event time applied: snapshots are "as of" it, so that a late record's update is not older than what
   * the site operators already hold (they keep the newest snapshot per vehicle and would drop it). */
  public long newestEventMs = Long.MIN_VALUE;
  public String emittedSiteId;
  public long emittedHash;

  public VehicleState() {
  }
}
