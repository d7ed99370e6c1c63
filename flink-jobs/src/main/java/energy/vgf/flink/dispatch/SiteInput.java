package energy.vgf.flink.dispatch;

import energy.vgf.flink.vehicle.AckEvent;
import energy.vgf.flink.vehicle.VehicleSnapshot;

/** One keyed input of dispatch (keyed by site): a vehicle snapshot or a charger's ack. */
public class SiteInput {
  public VehicleSnapshot vehicle;
  public AckEvent ack;

  public SiteInput() {
  }

  public static SiteInput of(VehicleSnapshot v) {
    SiteInput i = new SiteInput();
    i.vehicle = v;
    return i;
  }

  public static SiteInput of(AckEvent a) {
    SiteInput i = new SiteInput();
    i.ack = a;
    return i;
  }

  public String siteId() {
    return vehicle != null ? vehicle.siteId : ack.siteId;
  }
}
