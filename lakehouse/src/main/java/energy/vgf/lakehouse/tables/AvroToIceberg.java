package energy.vgf.lakehouse.tables;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Maps an Avro contract onto an Iceberg schema by the lake convention: columns are exactly the Avro field
 * names, {@code timestamp-millis} becomes {@code timestamptz} (the contracts are UTC instants), enums become
 * strings (Trino and the notebooks filter on their names), decimals keep precision and scale, and each
 * field's {@code doc} becomes the column comment. A field is required unless its union admits null.
 *
 * <p>Hand-written rather than {@code AvroSchemaUtil.toIceberg} because that one drops the docs and decides
 * tz-ness from an {@code adjust-to-utc} property the contracts do not carry.
 */
final class AvroToIceberg {

  private AvroToIceberg() {
  }

  static Schema convert(org.apache.avro.Schema record) {
    AtomicInteger ids = new AtomicInteger(0);
    // Top-level ids first (1..n), nested ids after, as Iceberg itself assigns them.
    int n = record.getFields().size();
    ids.set(n);
    List<Types.NestedField> columns = new ArrayList<>();
    int id = 1;
    for (org.apache.avro.Schema.Field f : record.getFields()) {
      columns.add(field(record, f, id++, ids));
    }
    return new Schema(columns);
  }

  /** One Avro field as a column: {@code [null, T]} unions become optional columns of T. */
  private static Types.NestedField field(org.apache.avro.Schema record, org.apache.avro.Schema.Field f, int id,
                                         AtomicInteger ids) {
    org.apache.avro.Schema s = f.schema();
    boolean optional = false;
    if (s.getType() == org.apache.avro.Schema.Type.UNION) {
      List<org.apache.avro.Schema> branches = new ArrayList<>();
      for (org.apache.avro.Schema b : s.getTypes()) {
        if (b.getType() == org.apache.avro.Schema.Type.NULL) {
          optional = true;
        } else {
          branches.add(b);
        }
      }
      if (branches.size() != 1) {
        throw new IllegalArgumentException(record.getName() + "." + f.name() + ": only [null, T] unions map to a column");
      }
      s = branches.get(0);
    }
    Type type = type(s, ids, record.getName() + "." + f.name());
    return optional ? Types.NestedField.optional(id, f.name(), type, f.doc())
        : Types.NestedField.required(id, f.name(), type, f.doc());
  }

  private static Type type(org.apache.avro.Schema s, AtomicInteger ids, String where) {
    LogicalType logical = s.getLogicalType();
    if (logical instanceof LogicalTypes.TimestampMillis || logical instanceof LogicalTypes.TimestampMicros) {
      return Types.TimestampType.withZone();
    }
    if (logical instanceof LogicalTypes.Decimal d) {
      return Types.DecimalType.of(d.getPrecision(), d.getScale());
    }
    if (logical instanceof LogicalTypes.Date) {
      return Types.DateType.get();
    }
    switch (s.getType()) {
      case STRING:
      case ENUM:
        return Types.StringType.get();
      case INT:
        return Types.IntegerType.get();
      case LONG:
        return Types.LongType.get();
      case DOUBLE:
        return Types.DoubleType.get();
      case FLOAT:
        return Types.FloatType.get();
      case BOOLEAN:
        return Types.BooleanType.get();
      case BYTES:
      case FIXED:
        return Types.BinaryType.get();
      case ARRAY:
        return Types.ListType.ofRequired(ids.incrementAndGet(), type(s.getElementType(), ids, where + "[]"));
      case MAP:
        int keyId = ids.incrementAndGet();
        int valueId = ids.incrementAndGet();
        return Types.MapType.ofRequired(keyId, valueId, Types.StringType.get(), type(s.getValueType(), ids, where + "{}"));
      case RECORD: {
        // A nested record (e.g. DispatchPlan.vehicles[]) is a struct: its fields' ids come first, then theirs.
        int first = ids.get() + 1;
        ids.addAndGet(s.getFields().size());
        List<Types.NestedField> fields = new ArrayList<>();
        int fid = first;
        for (org.apache.avro.Schema.Field f : s.getFields()) {
          fields.add(field(s, f, fid++, ids));
        }
        return Types.StructType.of(fields);
      }
      default:
        throw new IllegalArgumentException(where + ": Avro type " + s.getType() + " has no column mapping");
    }
  }
}
