package energy.vgf.flink.vehicle;

/** Keyed state of one charger: its site and the vehicle on it. POJO, evolvable. */
public class ChargerState {
  public String siteId;
  public String vehicleId;
  public long vehicleTsMs;

  public ChargerState() {
  }
}
