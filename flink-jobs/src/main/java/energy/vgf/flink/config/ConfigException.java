package energy.vgf.flink.config;

/** A job configuration value that is missing or not allowed; the message names key, value and what is allowed. */
public final class ConfigException extends RuntimeException {
  private final String key;

  public ConfigException(String key, String value, String allowed) {
    super("configuration key '" + key + "' has value '" + value + "': " + allowed);
    this.key = key;
  }

  public String key() {
    return key;
  }
}
