package energy.vgf.flink.vehicle;

/**
 * What the site-level operators (flexibility, dispatch) know of one vehicle: its state plus its battery
 * parameters from the fleet registry. {@code present == false} tells a site that the vehicle left it.
 * A Flink POJO (evolvable: it is kept in the site operators' MapState).
 */
public class VehicleSnapshot {
  public String vehicleId;
  public String siteId;
  public boolean present;
  /** Event time of the observation that produced this snapshot, epoch ms. */
  public long tsMs;
  public double energyKwh;
  public Double socPct;
  public boolean socTrusted;
  public String sanityFlag;
  public boolean pluggedIn;
  public String chargerId;
  public double powerKw;
  public Long departureMs;
  public Double requiredSocPct;
  public boolean hard;
  public double capacityKwh;
  public double maxChargeKw;
  public double maxDischargeKw;
  public double efficiency;
  public double minSocPct;

  public VehicleSnapshot() {
  }

  /** Energy needed at departure, kWh; 0 without a (future) departure requirement. */
  public double requiredKwh(long nowMs) {
    if (requiredSocPct == null || departureMs == null || departureMs <= nowMs) {
      return 0;
    }
    return requiredSocPct / 100.0 * capacityKwh;
  }

  @Override
  public String toString() {
    return "VehicleSnapshot[" + vehicleId + "@" + siteId + (present ? "" : " left") + ", " + energyKwh + " kWh"
        + (pluggedIn ? ", on " + chargerId : "") + "]";
  }
}
