package energy.vgf.ocpp.bridge;

/** A device-level command for a charger that has no open connection to this bridge instance. */
public class ChargerNotConnectedException extends RuntimeException {
  public ChargerNotConnectedException(String chargerId) {
    super("charger " + chargerId + " is not connected to this bridge");
  }
}
