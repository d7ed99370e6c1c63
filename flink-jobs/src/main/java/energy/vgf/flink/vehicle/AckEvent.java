package energy.vgf.flink.vehicle;

/** A DispatchAck resolved to its site, for the site-keyed dispatch operator. */
public class AckEvent {
  public String siteId;
  public String chargerId;
  public String setpointId;
  /** AckStatus name: ACCEPTED, REJECTED, TIMEOUT, NOT_CONNECTED, NOT_SUPPORTED, ERROR. */
  public String status;
  public long tsMs;
  public String detail;

  public AckEvent() {
  }

  public boolean accepted() {
    return "ACCEPTED".equals(status);
  }
}
