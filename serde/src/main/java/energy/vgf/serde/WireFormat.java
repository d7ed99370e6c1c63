package energy.vgf.serde;

import java.nio.ByteBuffer;

/**
 * The Confluent wire format: magic byte 0, the schema id as a 4-byte big-endian int, then the Avro
 * binary encoding of the record. Shared by every serde so that all speak byte-identical frames.
 */
public final class WireFormat {

  public static final byte MAGIC_BYTE = 0;
  public static final int HEADER_SIZE = 5;

  private WireFormat() {}

  /** The schema id in the header; fails precisely on bytes that are not framed. */
  public static int schemaId(byte[] payload) {
    if (payload == null) {
      throw new InvalidPayloadException("payload is null");
    }
    if (payload.length < HEADER_SIZE) {
      throw new InvalidPayloadException("payload of " + payload.length + " bytes is shorter than the "
          + HEADER_SIZE + "-byte header (magic byte + schema id)");
    }
    if (payload[0] != MAGIC_BYTE) {
      throw new InvalidPayloadException(String.format(
          "unknown magic byte 0x%02x (expected 0x00): not a schema-registry framed Avro record", payload[0]));
    }
    return ByteBuffer.wrap(payload, 1, 4).getInt();
  }

  /** Writes the 5-byte header into the start of a buffer of at least that size. */
  public static void writeHeader(byte[] target, int schemaId) {
    target[0] = MAGIC_BYTE;
    target[1] = (byte) (schemaId >>> 24);
    target[2] = (byte) (schemaId >>> 16);
    target[3] = (byte) (schemaId >>> 8);
    target[4] = (byte) schemaId;
  }
}
