package energy.vgf.serde.kafka;

import energy.vgf.serde.AvroCodec;
import java.util.Map;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serializer for Avro records in the Confluent wire format. Configure it like Confluent's
 * KafkaAvroSerializer: {@code schema.registry.url}, {@code auto.register.schemas} (default true),
 * {@code use.latest.version}, {@code value.subject.name.strategy}, {@code basic.auth.user.info}.
 */
public class VgfAvroSerializer<T> implements Serializer<T> {

  private AvroCodec codec;
  private boolean isKey;

  public VgfAvroSerializer() {}

  /** For code that builds producers directly rather than from class names. */
  public VgfAvroSerializer(Map<String, ?> configs, boolean isKey) {
    configure(configs, isKey);
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    this.codec = AvroCodec.fromConfig(configs, isKey);
    this.isKey = isKey;
  }

  @Override
  public byte[] serialize(String topic, T data) {
    if (codec == null) {
      throw new IllegalStateException("VgfAvroSerializer is not configured: set schema.registry.url");
    }
    return codec.encode(topic, isKey, data);
  }
}
