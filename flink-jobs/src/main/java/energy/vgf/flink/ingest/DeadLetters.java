package energy.vgf.flink.ingest;

import energy.vgf.ops.DeadLetter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Builds DeadLetter records; {@code stage} names the component that rejected the record. */
public final class DeadLetters {
  public static final String STAGE_DECODE = "flink:ingest";

  private DeadLetters() {
  }

  public static DeadLetter of(String topic, int partition, long offset, byte[] key, byte[] value, String error,
                              String errorClass, String stage) {
    return DeadLetter.newBuilder()
        .setSourceTopic(topic)
        .setPartition(partition)
        .setOffset(offset)
        .setRawKey(key == null ? null : ByteBuffer.wrap(key))
        .setRaw(value == null ? null : ByteBuffer.wrap(value))
        .setError(error)
        .setErrorClass(errorClass)
        .setStage(stage)
        .setTs(Instant.now())
        .build();
  }

  /**
   * A record that decoded but was rejected later (late, or inconsistent): the raw bytes are gone by then,
   * so {@code raw} holds the record's JSON rendering, which is enough to find and fix the producer.
   */
  public static DeadLetter ofRecord(String topic, Object record, String error, String errorClass, String stage) {
    return of(topic, -1, -1, null, String.valueOf(record).getBytes(StandardCharsets.UTF_8), error, errorClass, stage);
  }
}
