package energy.vgf.serde;

/**
 * Bytes that are not a Confluent-framed Avro record: no magic byte, too short, or an Avro body that
 * does not decode with its writer schema. Route the record to the dead-letter topic with this message.
 */
public final class InvalidPayloadException extends RuntimeException {
  public InvalidPayloadException(String message) {
    super(message);
  }

  public InvalidPayloadException(String message, Throwable cause) {
    super(message, cause);
  }
}
