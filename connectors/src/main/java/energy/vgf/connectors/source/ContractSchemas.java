package energy.vgf.connectors.source;

import energy.vgf.serde.connect.AvroConnectData;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.connect.data.Struct;

/**
 * Connect schemas and values built from the platform's Avro contracts through {@link AvroConnectData},
 * so that the registry Converter writes exactly the contract the rest of the platform reads.
 */
public final class ContractSchemas {

  private static final AvroConnectData DATA = new AvroConnectData();

  private ContractSchemas() {}

  public static org.apache.kafka.connect.data.Schema connectSchema(Schema avro) {
    return DATA.toConnectSchema(avro);
  }

  /** A specific record as a Connect Struct of its contract's schema. */
  public static Struct struct(SpecificRecord record) {
    org.apache.kafka.connect.data.Schema schema = DATA.toConnectSchema(record.getSchema());
    Struct struct = (Struct) DATA.toConnectData(schema, record);
    struct.validate();
    return struct;
  }
}
