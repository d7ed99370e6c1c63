package energy.vgf.serde.flink;

import energy.vgf.serde.AvroCodec;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.serialization.SerializationSchema;

/**
 * Flink serialization of Avro records to the Confluent wire format for one topic. The registry
 * client is created in {@link #open} on the task manager, never shipped with the job graph.
 */
public final class RegistryAvroSerializationSchema<T extends SpecificRecord> implements SerializationSchema<T> {

  private static final long serialVersionUID = 1L;

  private final String topic;
  private final HashMap<String, String> registryConfig;
  private transient AvroCodec codec;

  public RegistryAvroSerializationSchema(String topic, Map<String, String> registryConfig) {
    this.topic = topic;
    this.registryConfig = new HashMap<>(registryConfig);
  }

  @Override
  public void open(InitializationContext context) {
    codec = AvroCodec.fromConfig(registryConfig, false);
  }

  @Override
  public byte[] serialize(T element) {
    if (codec == null) {
      codec = AvroCodec.fromConfig(registryConfig, false);
    }
    return codec.encode(topic, false, element);
  }
}
