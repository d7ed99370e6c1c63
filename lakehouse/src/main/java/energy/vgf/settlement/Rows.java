package energy.vgf.settlement;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericMapData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.iceberg.Schema;
import org.apache.iceberg.flink.FlinkSchemaUtil;
import org.apache.iceberg.types.Types;

/** Builds Flink RowData for a lake table by column name, so operators never depend on column positions. */
public final class Rows {

  private Rows() {
  }

  public static TypeInformation<RowData> typeOf(Schema schema) {
    return InternalTypeInfo.of(FlinkSchemaUtil.convert(schema));
  }

  public static final class Builder {
    private final Schema schema;
    private final GenericRowData row;

    public Builder(Schema schema) {
      this.schema = schema;
      this.row = new GenericRowData(schema.columns().size());
    }

    public Builder set(String column, Object value) {
      Types.NestedField f = schema.findField(column);
      if (f == null) {
        throw new IllegalArgumentException("no column " + column);
      }
      row.setField(schema.columns().indexOf(f), convert(f, value));
      return this;
    }

    public RowData build() {
      for (int i = 0; i < schema.columns().size(); i++) {
        if (row.isNullAt(i) && schema.columns().get(i).isRequired()) {
          throw new IllegalStateException("required column " + schema.columns().get(i).name() + " not set");
        }
      }
      return row;
    }

    private static Object convert(Types.NestedField f, Object v) {
      if (v == null) {
        return null;
      }
      switch (f.type().typeId()) {
        case STRING:
          return StringData.fromString(v.toString());
        case TIMESTAMP:
          return TimestampData.fromEpochMillis(v instanceof java.time.Instant i ? i.toEpochMilli() : (Long) v);
        case DATE:
          return (int) ((LocalDate) v).toEpochDay();
        case DECIMAL: {
          Types.DecimalType d = (Types.DecimalType) f.type();
          return DecimalData.fromBigDecimal(((BigDecimal) v).setScale(d.scale(), java.math.RoundingMode.HALF_EVEN),
              d.precision(), d.scale());
        }
        case LIST: {
          List<?> list = (List<?>) v;
          Object[] out = new Object[list.size()];
          for (int i = 0; i < out.length; i++) {
            Object e = list.get(i);
            out[i] = e instanceof LocalDate d ? (Object) (int) d.toEpochDay() : e instanceof String s ? StringData.fromString(s) : e;
          }
          return new GenericArrayData(out);
        }
        case MAP: {
          Map<Object, Object> out = new HashMap<>();
          ((Map<?, ?>) v).forEach((k, val) -> out.put(StringData.fromString(k.toString()), val));
          return new GenericMapData(out);
        }
        default:
          return v;
      }
    }
  }
}
