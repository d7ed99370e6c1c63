package energy.vgf.serde.connect;

import energy.vgf.serde.AvroCodec;
import energy.vgf.serde.InvalidPayloadException;
import energy.vgf.serde.client.SchemaRegistryException;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.storage.Converter;

/**
 * Kafka Connect converter for Avro in the Confluent wire format, configured like Confluent's
 * AvroConverter ({@code key.converter.schema.registry.url}, ...). Connectors that build their
 * Connect schemas with {@link AvroConnectData#toConnectSchema} write exactly the platform's Avro
 * contracts.
 */
public class VgfAvroConverter implements Converter {

  private final AvroConnectData data = new AvroConnectData();
  private AvroCodec codec;
  private boolean isKey;

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    this.codec = AvroCodec.fromConfig(configs, isKey);
    this.isKey = isKey;
  }

  @Override
  public byte[] fromConnectData(String topic, org.apache.kafka.connect.data.Schema schema, Object value) {
    if (value == null) {
      return null;
    }
    if (schema == null) {
      throw new DataException("VgfAvroConverter needs a Connect schema for records on " + topic);
    }
    try {
      Schema avro = data.toAvroSchema(schema);
      return codec.encode(topic, isKey, data.toAvroData(schema, avro, value));
    } catch (SchemaRegistryException | IllegalArgumentException e) {
      throw new DataException("cannot convert a record for " + topic + " to Avro: " + e.getMessage(), e);
    }
  }

  @Override
  public SchemaAndValue toConnectData(String topic, byte[] value) {
    if (value == null) {
      return SchemaAndValue.NULL;
    }
    try {
      Object avro = codec.decode(value, false);
      Schema avroSchema = ((GenericContainer) avro).getSchema();
      org.apache.kafka.connect.data.Schema connect = data.toConnectSchema(avroSchema);
      return new SchemaAndValue(connect, data.toConnectData(connect, avro));
    } catch (InvalidPayloadException | SchemaRegistryException e) {
      throw new DataException("cannot read an Avro record from " + topic + ": " + e.getMessage(), e);
    }
  }
}
