package energy.vgf.serde.kafka;

import energy.vgf.serde.AvroCodec;
import energy.vgf.serde.SerdeConfig;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka deserializer for Confluent-framed Avro records. With {@code specific.avro.reader=true} (the
 * default here) it returns the generated SpecificRecord class; otherwise a GenericRecord. Bad bytes
 * raise {@link energy.vgf.serde.InvalidPayloadException}, unknown ids
 * {@link energy.vgf.serde.client.UnknownSchemaIdException} and an unreachable registry
 * {@link energy.vgf.serde.client.RegistryUnavailableException}.
 */
public class VgfAvroDeserializer<T> implements Deserializer<T> {

  private AvroCodec codec;
  private boolean specific = true;

  public VgfAvroDeserializer() {}

  public VgfAvroDeserializer(Map<String, ?> configs, boolean isKey) {
    configure(configs, isKey);
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    this.codec = AvroCodec.fromConfig(configs, isKey);
    Object specificSetting = configs.get(SerdeConfig.SPECIFIC_AVRO_READER);
    this.specific = specificSetting == null || Boolean.parseBoolean(specificSetting.toString());
  }

  @Override
  @SuppressWarnings("unchecked")
  public T deserialize(String topic, byte[] data) {
    if (codec == null) {
      throw new IllegalStateException("VgfAvroDeserializer is not configured: set schema.registry.url");
    }
    return (T) codec.decode(data, specific);
  }
}
