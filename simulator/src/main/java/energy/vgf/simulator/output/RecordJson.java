package energy.vgf.simulator.output;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * One Avro record as one line of plain JSON: field names as in the schema, unions written as the
 * bare value (not Avro's {"double": 1.0} wrapping), enums as their symbol, timestamp-millis as
 * ISO-8601 UTC. Hand-written rather than Avro's JsonEncoder because the bench writes millions of
 * lines and Avro's union wrapping is not what connector tests and people read.
 */
public final class RecordJson {

  private RecordJson() {}

  public static String toJson(SpecificRecord record) {
    JsonBytes out = new JsonBytes(256);
    append(out, record);
    return out.toString();
  }

  static void append(JsonBytes out, SpecificRecord record) {
    Plan plan = PLANS.get(record.getClass());
    for (int i = 0; i < plan.prefixes.length; i++) {
      out.ascii(plan.prefixes[i]);
      Object v = record.get(i);
      if (v == null) {
        out.ascii("null");
        continue;
      }
      switch (plan.kinds[i]) {
        case Plan.SYMBOL -> {
          out.put('"');
          out.ascii(v.toString());
          out.put('"');
        }
        case Plan.TEXT -> out.string(v.toString());
        case Plan.NUMBER -> number(out, ((Number) v).doubleValue());
        case Plan.INSTANT -> instant(out, ((Instant) v).toEpochMilli());
        default -> value(out, plan.schemas[i], v);
      }
    }
    out.put('}');
  }

  private static final ClassValue<Plan> PLANS = new ClassValue<>() {
    @Override
    protected Plan computeValue(Class<?> type) {
      try {
        return new Plan((Schema) type.getField("SCHEMA$").get(null));
      } catch (ReflectiveOperationException e) {
        throw new IllegalArgumentException("RecordJson: " + type + " is not a generated Avro SpecificRecord", e);
      }
    }
  };

  /**
   * Per record class: each field's JSON prefix and how to write it, so the hot path does not walk
   * the schema (unions, logical types) for every record.
   */
  private static final class Plan {
    static final int TEXT = 1;
    static final int SYMBOL = 2;
    static final int NUMBER = 3;
    static final int INSTANT = 4;
    static final int OTHER = 5;

    final String[] prefixes;
    final int[] kinds;
    final Schema[] schemas;

    Plan(Schema schema) {
      List<Schema.Field> fields = schema.getFields();
      prefixes = new String[fields.size()];
      kinds = new int[fields.size()];
      schemas = new Schema[fields.size()];
      for (Schema.Field f : fields) {
        int i = f.pos();
        prefixes[i] = (i == 0 ? "{" : ",") + "\"" + f.name() + "\":";
        Schema s = f.schema();
        if (s.getType() == Schema.Type.UNION && s.getTypes().size() == 2 && s.getTypes().get(0).getType() == Schema.Type.NULL) {
          s = s.getTypes().get(1);
        }
        schemas[i] = f.schema();
        kinds[i] = switch (s.getType()) {
          case STRING -> TEXT;
          case ENUM -> SYMBOL; // Avro symbols are [A-Za-z_][A-Za-z0-9_]*: nothing to escape
          case DOUBLE, FLOAT -> NUMBER;
          case LONG -> s.getLogicalType() instanceof LogicalTypes.TimestampMillis ? INSTANT : OTHER;
          default -> OTHER;
        };
      }
    }
  }

  private static void value(JsonBytes out, Schema schema, Object v) {
    if (v == null) {
      out.ascii("null");
      return;
    }
    switch (schema.getType()) {
      case UNION -> {
        for (Schema branch : schema.getTypes()) {
          if (branch.getType() != Schema.Type.NULL) {
            value(out, branch, v);
            return;
          }
        }
        out.ascii("null");
      }
      case STRING, ENUM -> out.string(v.toString());
      case DOUBLE, FLOAT -> number(out, ((Number) v).doubleValue());
      case LONG -> {
        if (v instanceof Instant instant) {
          instant(out, instant.toEpochMilli());
        } else if (schema.getLogicalType() instanceof LogicalTypes.TimestampMillis) {
          instant(out, (Long) v);
        } else {
          out.integer((Long) v);
        }
      }
      case INT -> out.integer(((Number) v).longValue());
      case BOOLEAN -> out.ascii(v.toString());
      case ARRAY -> {
        out.put('[');
        boolean first = true;
        for (Object item : (Collection<?>) v) {
          if (!first) {
            out.put(',');
          }
          first = false;
          value(out, schema.getElementType(), item);
        }
        out.put(']');
      }
      case RECORD -> append(out, (SpecificRecord) v);
      default -> throw new IllegalArgumentException("RecordJson: unsupported Avro type " + schema.getType());
    }
  }

  private static final double[] POW10 = {1, 10, 100, 1e3, 1e4, 1e5, 1e6};

  /**
   * A double in the shortest decimal of at most six places that reads back as the same double,
   * else Java's own form. The simulator rounds its values, so the fast path nearly always applies
   * (Double.toString was a third of the bench's time).
   */
  static void number(JsonBytes out, double d) {
    if (!Double.isFinite(d)) {
      out.ascii("null");
      return;
    }
    if (Math.abs(d) < 1e12) {
      for (int dec = 1; dec <= 6; dec++) {
        long r = Math.round(d * POW10[dec]);
        if (r / POW10[dec] == d) {
          if (r < 0 || (r == 0 && 1 / d < 0)) {
            out.put('-');
            r = -r;
          }
          long scale = (long) POW10[dec];
          out.integer(r / scale);
          out.put('.');
          out.padded(r % scale, dec);
          return;
        }
      }
    }
    out.ascii(Double.toString(d));
  }

  /** For tests and callers with a StringBuilder. */
  static void number(StringBuilder sb, double d) {
    JsonBytes out = new JsonBytes(32);
    number(out, d);
    sb.append(out);
  }

  // Records of one tick share their timestamp: a small per-thread cache avoids formatting it again.
  private static final int CACHE = 16;
  private static final ThreadLocal<TimeCache> TIMES = ThreadLocal.withInitial(TimeCache::new);

  private static final class TimeCache {
    final long[] ms = new long[CACHE];
    final String[] text = new String[CACHE];
  }

  /** ISO-8601 UTC in quotes, e.g. "2026-01-12T08:00:00Z" (Instant#toString: millis only when not zero). */
  static void instant(JsonBytes out, long epochMs) {
    TimeCache cache = TIMES.get();
    int slot = (int) ((epochMs / 1000) & (CACHE - 1));
    String text = cache.text[slot];
    if (text == null || cache.ms[slot] != epochMs) {
      text = '"' + Instant.ofEpochMilli(epochMs).toString() + '"';
      cache.ms[slot] = epochMs;
      cache.text[slot] = text;
    }
    out.ascii(text);
  }
}
