package energy.vgf.registry;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/** Random but valid instances of any generated record, so every contract is exercised without hand-made fixtures. */
final class AvroSamples {

  private AvroSamples() {}

  static SpecificRecord randomRecord(Class<? extends SpecificRecord> type, Random random) {
    Schema schema = SpecificData.get().getSchema(type);
    return (SpecificRecord) value(schema, random, SpecificData.getForClass(type));
  }

  private static Object value(Schema schema, Random random, SpecificData model) {
    switch (schema.getType()) {
      case RECORD -> {
        SpecificRecord record = (SpecificRecord) model.newRecord(null, schema);
        for (Schema.Field field : schema.getFields()) {
          record.put(field.pos(), value(field.schema(), random, model));
        }
        return record;
      }
      case UNION -> {
        List<Schema> types = schema.getTypes();
        // Half the optional fields null, half set, to cover both branches.
        Schema chosen = types.get(random.nextInt(types.size()));
        return value(chosen, random, model);
      }
      case ENUM -> {
        List<String> symbols = schema.getEnumSymbols();
        return model.createEnum(symbols.get(random.nextInt(symbols.size())), schema);
      }
      case STRING -> {
        return "id-" + Integer.toHexString(random.nextInt());
      }
      case BOOLEAN -> {
        return random.nextBoolean();
      }
      case INT -> {
        return random.nextInt(1000);
      }
      case LONG -> {
        if (schema.getLogicalType() instanceof LogicalTypes.TimestampMillis) {
          return Instant.ofEpochMilli(1_780_000_000_000L + random.nextInt(1_000_000_000)).truncatedTo(ChronoUnit.MILLIS);
        }
        return random.nextLong();
      }
      case DOUBLE -> {
        return Math.round(random.nextDouble() * 100_000) / 100.0;
      }
      case FLOAT -> {
        return random.nextFloat();
      }
      case BYTES -> {
        if (schema.getLogicalType() instanceof LogicalTypes.Decimal decimal) {
          return BigDecimal.valueOf(random.nextInt(10_000_000), decimal.getScale());
        }
        byte[] bytes = new byte[random.nextInt(16)];
        random.nextBytes(bytes);
        return ByteBuffer.wrap(bytes);
      }
      case ARRAY -> {
        List<Object> items = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
          items.add(value(schema.getElementType(), random, model));
        }
        return items;
      }
      case MAP -> {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = random.nextInt(3); i > 0; i--) {
          map.put("k" + i, value(schema.getValueType(), random, model));
        }
        return map;
      }
      case NULL -> {
        return null;
      }
      default -> throw new IllegalArgumentException("no sample for " + schema.getType());
    }
  }
}
