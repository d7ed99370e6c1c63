package energy.vgf.serde.flink;

import energy.vgf.serde.AvroCodec;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;

/**
 * Flink deserialization of Confluent-framed Avro into a generated SpecificRecord class, resolving
 * whichever writer schema the payload names against the class's schema. Failures raise the serde
 * exceptions; jobs that must route bad records to the dead-letter topic read raw bytes and call
 * {@link #decode(byte[])} themselves.
 */
public final class RegistryAvroDeserializationSchema<T extends SpecificRecordBase> implements DeserializationSchema<T> {

  private static final long serialVersionUID = 1L;

  private final Class<T> recordClass;
  private final HashMap<String, String> registryConfig;
  private transient AvroCodec codec;

  public RegistryAvroDeserializationSchema(Class<T> recordClass, Map<String, String> registryConfig) {
    this.recordClass = recordClass;
    this.registryConfig = new HashMap<>(registryConfig);
  }

  @Override
  public void open(InitializationContext context) {
    codec = AvroCodec.fromConfig(registryConfig, false);
  }

  @Override
  public T deserialize(byte[] message) {
    return decode(message);
  }

  /** Decodes one payload into the record class. */
  public T decode(byte[] message) {
    if (codec == null) {
      codec = AvroCodec.fromConfig(registryConfig, false);
    }
    return recordClass.cast(codec.decode(message, SpecificData.get().getSchema(recordClass), true));
  }

  @Override
  public boolean isEndOfStream(T nextElement) {
    return false;
  }

  @Override
  public TypeInformation<T> getProducedType() {
    return new AvroTypeInfo<>(recordClass);
  }
}
