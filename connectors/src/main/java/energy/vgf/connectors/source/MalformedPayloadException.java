package energy.vgf.connectors.source;

/** A response body that cannot be parsed at all; carries the raw body for the dead-letter record. */
public final class MalformedPayloadException extends Exception {

  private final String raw;

  public MalformedPayloadException(String message, String raw, Throwable cause) {
    super(message, cause);
    this.raw = raw;
  }

  public String raw() {
    return raw;
  }
}
