package energy.vgf.serde.client;

/**
 * A schema registry answered with an error, or could not be reached. Carries the HTTP status and
 * the Confluent error code so that callers can tell "not found" from "incompatible" from "down".
 */
public class SchemaRegistryException extends RuntimeException {

  private final int httpStatus;
  private final int errorCode;

  public SchemaRegistryException(String message, int httpStatus, int errorCode) {
    super(message);
    this.httpStatus = httpStatus;
    this.errorCode = errorCode;
  }

  public SchemaRegistryException(String message, Throwable cause) {
    super(message, cause);
    this.httpStatus = -1;
    this.errorCode = -1;
  }

  /** HTTP status of the registry's answer; -1 when there was none. */
  public int httpStatus() {
    return httpStatus;
  }

  /** Confluent error code (e.g. 40403 schema not found, 409 incompatible); -1 when there was none. */
  public int errorCode() {
    return errorCode;
  }
}
