package energy.vgf.ocpp.bridge;

/** A configuration value the bridge cannot start with: names the key, the value and what is allowed. */
public class InvalidBridgeConfigException extends IllegalArgumentException {
  public InvalidBridgeConfigException(String key, Object value, String allowed) {
    super("bridge config " + key + "=" + value + " is invalid; allowed: " + allowed);
  }
}
