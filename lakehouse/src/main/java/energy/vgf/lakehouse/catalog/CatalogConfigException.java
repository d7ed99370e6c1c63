package energy.vgf.lakehouse.catalog;

/** A catalog setting is missing or invalid: the message names the key, the bad value and what is allowed. */
public final class CatalogConfigException extends IllegalArgumentException {
  public CatalogConfigException(String key, Object value, String allowed) {
    super(key + "=" + value + " is invalid: " + allowed);
  }
}
