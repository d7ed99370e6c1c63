package energy.vgf.serde;

import energy.vgf.serde.client.RegistryClientConfig;
import energy.vgf.serde.client.SchemaRegistryClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Encodes and decodes Avro records in the Confluent wire format against a registry. This is the one
 * implementation behind the Kafka, Connect and Flink serdes.
 */
public final class AvroCodec {

  private final SchemaRegistryClient registry;
  private final boolean autoRegister;
  private final boolean useLatestVersion;
  private final SubjectNameStrategy subjectStrategy;
  private final Map<Schema, DatumWriter<Object>> writers = new ConcurrentHashMap<>();
  private final Map<ReaderKey, DatumReader<Object>> readers = new ConcurrentHashMap<>();
  private final Map<Integer, Schema> specificReaderSchemas = new ConcurrentHashMap<>();

  private record ReaderKey(int writerId, Schema readerSchema, boolean specific) {}

  public AvroCodec(SchemaRegistryClient registry, boolean autoRegister, boolean useLatestVersion,
      SubjectNameStrategy subjectStrategy) {
    this.registry = registry;
    this.autoRegister = autoRegister;
    this.useLatestVersion = useLatestVersion;
    this.subjectStrategy = subjectStrategy;
  }

  /** Builds a codec from Confluent-style serde properties. */
  public static AvroCodec fromConfig(Map<String, ?> props, boolean isKey) {
    SchemaRegistryClient client = SchemaRegistryClient.shared(RegistryClientConfig.fromMap(props));
    boolean autoRegister = bool(props, SerdeConfig.AUTO_REGISTER_SCHEMAS, true);
    boolean useLatest = bool(props, SerdeConfig.USE_LATEST_VERSION, false);
    Object strategy = props.get(isKey ? SerdeConfig.KEY_SUBJECT_NAME_STRATEGY : SerdeConfig.VALUE_SUBJECT_NAME_STRATEGY);
    return new AvroCodec(client, autoRegister, useLatest,
        strategy == null ? SubjectNameStrategy.TOPIC_NAME : SubjectNameStrategy.parse(strategy.toString()));
  }

  static boolean bool(Map<String, ?> props, String key, boolean defaultValue) {
    Object value = props.get(key);
    if (value == null) {
      return defaultValue;
    }
    String text = value.toString().trim().toLowerCase();
    if (!text.equals("true") && !text.equals("false")) {
      throw new IllegalArgumentException(key + " must be true or false, got '" + value + "'");
    }
    return Boolean.parseBoolean(text);
  }

  public SchemaRegistryClient registry() {
    return registry;
  }

  /** Encodes a SpecificRecord or GenericRecord for the topic. */
  public byte[] encode(String topic, boolean isKey, Object record) {
    if (record == null) {
      return null;
    }
    if (!(record instanceof GenericContainer container)) {
      throw new IllegalArgumentException("cannot encode " + record.getClass().getName()
          + ": expected an Avro SpecificRecord or GenericRecord");
    }
    Schema schema = container.getSchema();
    Schema contract = LanguageNeutralSchemas.of(schema);
    String subject = subjectStrategy.subject(topic, isKey, contract);
    int id;
    if (useLatestVersion) {
      id = registry.latest(subject).id();
    } else if (autoRegister) {
      id = registry.register(subject, contract);
    } else {
      id = registry.lookup(subject, contract).id();
    }
    return encodeWithId(id, schema, record);
  }

  /** Encodes with a known schema id, e.g. after registering once at start-up. */
  public byte[] encodeWithId(int schemaId, Schema schema, Object record) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    out.write(WireFormat.MAGIC_BYTE);
    out.write(schemaId >>> 24);
    out.write(schemaId >>> 16);
    out.write(schemaId >>> 8);
    out.write(schemaId);
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
    try {
      writers.computeIfAbsent(schema, s -> writerFor(s, record)).write(record, encoder);
      encoder.flush();
    } catch (IOException | AvroRuntimeException | ClassCastException | NullPointerException e) {
      throw new IllegalArgumentException("record does not match its schema " + schema.getFullName() + ": "
          + e.getMessage(), e);
    }
    return out.toByteArray();
  }

  @SuppressWarnings("unchecked")
  private static DatumWriter<Object> writerFor(Schema schema, Object record) {
    // A generated class carries its own model with the logical-type conversions (decimal, timestamps).
    if (record instanceof SpecificRecord) {
      return (DatumWriter<Object>) (DatumWriter<?>) new SpecificDatumWriter<>(schema,
          SpecificData.getForClass(record.getClass()));
    }
    return (DatumWriter<Object>) (DatumWriter<?>) new GenericDatumWriter<>(schema);
  }

  /**
   * Decodes a framed payload. With {@code specific} the result is the generated SpecificRecord class
   * of the writer schema's name (read through the class's own schema, so older writers resolve),
   * else a GenericRecord in the writer schema.
   */
  public Object decode(byte[] payload, boolean specific) {
    if (payload == null) {
      return null;
    }
    int id = WireFormat.schemaId(payload);
    Schema writer = registry.schemaById(id);
    Schema reader = specific ? specificReaderSchemas.computeIfAbsent(id, k -> specificReaderSchema(writer)) : writer;
    return decode(payload, id, writer, reader, specific);
  }

  /** Decodes into a given reader schema (schema resolution from the writer's). */
  public Object decode(byte[] payload, Schema readerSchema, boolean specific) {
    int id = WireFormat.schemaId(payload);
    Schema writer = registry.schemaById(id);
    return decode(payload, id, writer, readerSchema, specific);
  }

  private Object decode(byte[] payload, int id, Schema writer, Schema reader, boolean specific) {
    DatumReader<Object> datumReader = readers.computeIfAbsent(new ReaderKey(id, reader, specific),
        key -> readerFor(writer, key));
    BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(payload, WireFormat.HEADER_SIZE,
        payload.length - WireFormat.HEADER_SIZE, null);
    try {
      Object result = datumReader.read(null, decoder);
      if (!decoder.isEnd()) {
        throw new InvalidPayloadException("payload with schema id " + id + " has "
            + (payload.length - WireFormat.HEADER_SIZE) + " body bytes but the record ended early: trailing bytes");
      }
      return result;
    } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | NegativeArraySizeException e) {
      throw new InvalidPayloadException("payload with schema id " + id + " does not decode as "
          + writer.getFullName() + ": " + e.getMessage(), e);
    }
  }

  @SuppressWarnings("unchecked")
  private static DatumReader<Object> readerFor(Schema writer, ReaderKey key) {
    if (key.specific()) {
      Class<?> cls = specificData().getClass(key.readerSchema());
      SpecificData model = cls != null && SpecificRecord.class.isAssignableFrom(cls)
          ? SpecificData.getForClass(cls) : specificData();
      return (DatumReader<Object>) (DatumReader<?>) new SpecificDatumReader<>(writer, key.readerSchema(), model);
    }
    return (DatumReader<Object>) (DatumReader<?>) new GenericDatumReader<GenericRecord>(writer, key.readerSchema());
  }

  /** The schema of the generated class of the writer's record name, or the writer itself if none. */
  static Schema specificReaderSchema(Schema writer) {
    if (writer.getType() != Schema.Type.RECORD) {
      return writer;
    }
    Class<?> cls = specificData().getClass(writer);
    if (cls != null && SpecificRecord.class.isAssignableFrom(cls)) {
      return specificData().getSchema(cls);
    }
    return writer;
  }

  private static SpecificData specificData() {
    // A model per call is cheap enough: it is used only when building cached readers and writers.
    // The context class loader knows the job's generated classes in Flink and Connect plugins.
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    return loader == null ? SpecificData.get() : new SpecificData(loader);
  }
}
