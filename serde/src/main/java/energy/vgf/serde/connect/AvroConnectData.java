package energy.vgf.serde.connect;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.errors.DataException;

/**
 * Translates between Avro and Kafka Connect's data model, both ways, keeping what Connect has no
 * notion of (enum symbols, record docs, field docs) in schema parameters, so that an Avro contract
 * survives the round trip unchanged and stays compatible with what the registry already holds.
 */
public final class AvroConnectData {

  static final String ENUM_SYMBOLS = "vgf.avro.enum.symbols";
  static final String ENUM_NAME = "vgf.avro.enum.name";
  static final String ENUM_DOC = "vgf.avro.enum.doc";
  static final String ENUM_DEFAULT = "vgf.avro.enum.default";
  static final String FIELD_DOC = "vgf.avro.field.doc";
  static final String DECIMAL_PRECISION = "connect.decimal.precision";

  private final Map<Schema, org.apache.kafka.connect.data.Schema> toConnectCache = new ConcurrentHashMap<>();
  private final Map<org.apache.kafka.connect.data.Schema, Schema> toAvroCache = new ConcurrentHashMap<>();

  // ---------------------------------------------------------------- Avro -> Connect

  public org.apache.kafka.connect.data.Schema toConnectSchema(Schema avro) {
    return toConnectCache.computeIfAbsent(avro, s -> toConnectSchema(s, false, null, null));
  }

  private org.apache.kafka.connect.data.Schema toConnectSchema(Schema avro, boolean optional, Object defaultValue,
      String fieldDoc) {
    SchemaBuilder builder;
    LogicalType logical = avro.getLogicalType();
    switch (avro.getType()) {
      case UNION -> {
        List<Schema> types = avro.getTypes();
        if (types.size() == 2 && types.get(0).getType() == Schema.Type.NULL) {
          return toConnectSchema(types.get(1), true, defaultValue, fieldDoc);
        }
        if (types.size() == 2 && types.get(1).getType() == Schema.Type.NULL) {
          return toConnectSchema(types.get(0), true, defaultValue, fieldDoc);
        }
        throw new DataException("Avro union " + avro + " is not supported: only [null, T] maps to Connect");
      }
      case RECORD -> {
        builder = SchemaBuilder.struct().name(avro.getFullName());
        if (avro.getDoc() != null) {
          builder.doc(avro.getDoc());
        }
        for (Schema.Field f : avro.getFields()) {
          Object fieldDefault = f.hasDefaultValue() ? toConnectDefault(f.schema(), f.defaultVal()) : null;
          builder.field(f.name(), toConnectSchema(f.schema(), false, fieldDefault, f.doc()));
        }
      }
      case ENUM -> {
        builder = SchemaBuilder.string()
            .parameter(ENUM_NAME, avro.getFullName())
            .parameter(ENUM_SYMBOLS, String.join(",", avro.getEnumSymbols()));
        if (avro.getDoc() != null) {
          builder.parameter(ENUM_DOC, avro.getDoc());
        }
        if (avro.getEnumDefault() != null) {
          builder.parameter(ENUM_DEFAULT, avro.getEnumDefault());
        }
      }
      case STRING -> builder = SchemaBuilder.string();
      case BOOLEAN -> builder = SchemaBuilder.bool();
      case INT -> builder = SchemaBuilder.int32();
      case LONG -> builder = logical instanceof LogicalTypes.TimestampMillis ? Timestamp.builder() : SchemaBuilder.int64();
      case FLOAT -> builder = SchemaBuilder.float32();
      case DOUBLE -> builder = SchemaBuilder.float64();
      case BYTES, FIXED -> {
        if (logical instanceof LogicalTypes.Decimal decimal) {
          builder = Decimal.builder(decimal.getScale())
              .parameter(DECIMAL_PRECISION, Integer.toString(decimal.getPrecision()));
        } else {
          builder = SchemaBuilder.bytes();
        }
      }
      case ARRAY -> builder = SchemaBuilder.array(toConnectSchema(avro.getElementType(), false, null, null));
      case MAP -> builder = SchemaBuilder.map(org.apache.kafka.connect.data.Schema.STRING_SCHEMA,
          toConnectSchema(avro.getValueType(), false, null, null));
      default -> throw new DataException("Avro type " + avro.getType() + " is not supported by the Connect converter");
    }
    if (fieldDoc != null) {
      builder.parameter(FIELD_DOC, fieldDoc);
    }
    if (optional) {
      builder.optional();
    }
    if (defaultValue != null) {
      builder.defaultValue(defaultValue);
    }
    return builder.build();
  }

  private Object toConnectDefault(Schema fieldSchema, Object avroDefault) {
    if (avroDefault == null || avroDefault == JsonProperties.NULL_VALUE) {
      return null;
    }
    Schema effective = fieldSchema.getType() == Schema.Type.UNION ? fieldSchema.getTypes().get(0) : fieldSchema;
    return switch (effective.getType()) {
      case ARRAY -> new ArrayList<>((Collection<?>) avroDefault);
      case MAP -> new HashMap<>((Map<?, ?>) avroDefault);
      case INT -> ((Number) avroDefault).intValue();
      case LONG -> effective.getLogicalType() instanceof LogicalTypes.TimestampMillis
          ? new Date(((Number) avroDefault).longValue()) : ((Number) avroDefault).longValue();
      case FLOAT -> ((Number) avroDefault).floatValue();
      case DOUBLE -> ((Number) avroDefault).doubleValue();
      case RECORD -> null;
      default -> avroDefault instanceof CharSequence ? avroDefault.toString() : avroDefault;
    };
  }

  /** Converts an Avro datum (generic or specific) to a Connect value of the given schema. */
  public Object toConnectData(org.apache.kafka.connect.data.Schema schema, Object avroValue) {
    if (avroValue == null) {
      return null;
    }
    return switch (schema.type()) {
      case STRUCT -> {
        GenericRecord record = (GenericRecord) avroValue;
        Struct struct = new Struct(schema);
        for (Field field : schema.fields()) {
          struct.put(field, toConnectData(field.schema(), record.get(field.name())));
        }
        yield struct;
      }
      case STRING -> avroValue instanceof GenericEnumSymbol<?> || avroValue instanceof Enum<?> || avroValue instanceof Utf8
          ? avroValue.toString() : avroValue.toString();
      case INT64 -> Timestamp.LOGICAL_NAME.equals(schema.name())
          ? (avroValue instanceof java.time.Instant i ? Date.from(i) : new Date((Long) avroValue))
          : avroValue;
      case BYTES -> {
        if (Decimal.LOGICAL_NAME.equals(schema.name())) {
          if (avroValue instanceof BigDecimal bd) {
            yield bd;
          }
          int scale = Integer.parseInt(schema.parameters().get(Decimal.SCALE_FIELD));
          yield Decimal.toLogical(schema, bytesOf(avroValue));
        }
        yield bytesOf(avroValue);
      }
      case ARRAY -> {
        List<Object> out = new ArrayList<>();
        for (Object item : (Collection<?>) avroValue) {
          out.add(toConnectData(schema.valueSchema(), item));
        }
        yield out;
      }
      case MAP -> {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) avroValue).entrySet()) {
          out.put(e.getKey().toString(), toConnectData(schema.valueSchema(), e.getValue()));
        }
        yield out;
      }
      default -> avroValue;
    };
  }

  private static byte[] bytesOf(Object value) {
    if (value instanceof ByteBuffer buffer) {
      ByteBuffer copy = buffer.duplicate();
      byte[] bytes = new byte[copy.remaining()];
      copy.get(bytes);
      return bytes;
    }
    if (value instanceof GenericFixed fixed) {
      return fixed.bytes();
    }
    return (byte[]) value;
  }

  // ---------------------------------------------------------------- Connect -> Avro

  public Schema toAvroSchema(org.apache.kafka.connect.data.Schema connect) {
    return toAvroCache.computeIfAbsent(connect, s -> toAvroSchema(s, true));
  }

  private Schema toAvroSchema(org.apache.kafka.connect.data.Schema connect, boolean wrapOptional) {
    Schema base = switch (connect.type()) {
      case STRUCT -> {
        String fullName = connect.name() == null ? "energy.vgf.connect.ConnectRecord" : connect.name();
        int dot = fullName.lastIndexOf('.');
        List<Schema.Field> fields = new ArrayList<>();
        for (Field f : connect.fields()) {
          Schema fieldSchema = toAvroSchema(f.schema(), true);
          String doc = f.schema().parameters() == null ? null : f.schema().parameters().get(FIELD_DOC);
          Object defaultValue = avroDefault(f.schema(), fieldSchema);
          fields.add(new Schema.Field(f.name(), fieldSchema, doc, defaultValue));
        }
        yield Schema.createRecord(dot < 0 ? fullName : fullName.substring(dot + 1), connect.doc(),
            dot < 0 ? null : fullName.substring(0, dot), false, fields);
      }
      case STRING -> {
        Map<String, String> params = connect.parameters();
        if (params != null && params.containsKey(ENUM_SYMBOLS)) {
          String enumName = params.get(ENUM_NAME);
          int dot = enumName.lastIndexOf('.');
          yield Schema.createEnum(enumName.substring(dot + 1), params.get(ENUM_DOC),
              dot < 0 ? null : enumName.substring(0, dot), List.of(params.get(ENUM_SYMBOLS).split(",")),
              params.get(ENUM_DEFAULT));
        }
        yield Schema.create(Schema.Type.STRING);
      }
      case BOOLEAN -> Schema.create(Schema.Type.BOOLEAN);
      case INT8, INT16, INT32 -> Schema.create(Schema.Type.INT);
      case INT64 -> Timestamp.LOGICAL_NAME.equals(connect.name())
          ? LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG))
          : Schema.create(Schema.Type.LONG);
      case FLOAT32 -> Schema.create(Schema.Type.FLOAT);
      case FLOAT64 -> Schema.create(Schema.Type.DOUBLE);
      case BYTES -> {
        if (Decimal.LOGICAL_NAME.equals(connect.name())) {
          int scale = Integer.parseInt(connect.parameters().get(Decimal.SCALE_FIELD));
          int precision = Integer.parseInt(connect.parameters().getOrDefault(DECIMAL_PRECISION, "38"));
          yield LogicalTypes.decimal(precision, scale).addToSchema(Schema.create(Schema.Type.BYTES));
        }
        yield Schema.create(Schema.Type.BYTES);
      }
      case ARRAY -> Schema.createArray(toAvroSchema(connect.valueSchema(), true));
      case MAP -> Schema.createMap(toAvroSchema(connect.valueSchema(), true));
    };
    if (wrapOptional && connect.isOptional()) {
      return Schema.createUnion(Schema.create(Schema.Type.NULL), base);
    }
    return base;
  }

  private static Object avroDefault(org.apache.kafka.connect.data.Schema connect, Schema avroFieldSchema) {
    Object d = connect.defaultValue();
    if (connect.isOptional() && d == null) {
      return JsonProperties.NULL_VALUE;
    }
    if (d == null) {
      return null;
    }
    if (d instanceof Date date) {
      return date.getTime();
    }
    if (d instanceof Float f) {
      return f.doubleValue();
    }
    return d;
  }

  /** Converts a Connect value to an Avro datum (GenericRecord for structs) of the given Avro schema. */
  public Object toAvroData(org.apache.kafka.connect.data.Schema connect, Schema avro, Object value) {
    if (value == null) {
      return null;
    }
    Schema effective = avro.getType() == Schema.Type.UNION
        ? avro.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL).findFirst().orElseThrow()
        : avro;
    return switch (connect.type()) {
      case STRUCT -> {
        Struct struct = (Struct) value;
        GenericData.Record record = new GenericData.Record(effective);
        for (Field f : connect.fields()) {
          record.put(f.name(), toAvroData(f.schema(), effective.getField(f.name()).schema(), struct.get(f)));
        }
        yield record;
      }
      case STRING -> effective.getType() == Schema.Type.ENUM
          ? new GenericData.EnumSymbol(effective, value.toString()) : value.toString();
      case INT8 -> ((Byte) value).intValue();
      case INT16 -> ((Short) value).intValue();
      case INT64 -> value instanceof Date date ? date.getTime() : value;
      case BYTES -> {
        if (value instanceof BigDecimal decimal) {
          yield ByteBuffer.wrap(decimal.unscaledValue().toByteArray());
        }
        yield value instanceof byte[] bytes ? ByteBuffer.wrap(bytes) : value;
      }
      case ARRAY -> {
        List<Object> out = new ArrayList<>();
        for (Object item : (Collection<?>) value) {
          out.add(toAvroData(connect.valueSchema(), effective.getElementType(), item));
        }
        yield new GenericData.Array<>(effective, out);
      }
      case MAP -> {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
          out.put(e.getKey().toString(), toAvroData(connect.valueSchema(), effective.getValueType(), e.getValue()));
        }
        yield out;
      }
      default -> value;
    };
  }
}
