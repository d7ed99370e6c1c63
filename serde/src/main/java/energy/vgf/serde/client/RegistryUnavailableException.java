package energy.vgf.serde.client;

/** The registry could not be reached (connection refused, timeout, 5xx). Retrying may help. */
public final class RegistryUnavailableException extends SchemaRegistryException {
  public RegistryUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  public RegistryUnavailableException(String message, int httpStatus, int errorCode) {
    super(message, httpStatus, errorCode);
  }
}
