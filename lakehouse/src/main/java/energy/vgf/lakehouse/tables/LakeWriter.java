package energy.vgf.lakehouse.tables;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.IndexedRecord;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericAppenderFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Writes records into lake tables with Iceberg's generic writers, one Parquet file per partition per call:
 * for tests, the benchmark and back-fills from JSON-lines or Avro. Production ingestion is the Flink lake
 * sink; both produce the same table content because both use {@link LakeTables}.
 */
public final class LakeWriter {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicLong TASK_IDS = new AtomicLong();

  private LakeWriter() {
  }

  /** Writes records (any order) into data files, fanned out by partition. Nothing is committed. */
  public static List<DataFile> write(Table table, Iterator<Record> records) {
    Schema schema = table.schema();
    OutputFileFactory files = OutputFileFactory.builderFor(table, 1, TASK_IDS.incrementAndGet())
        .format(FileFormat.PARQUET).build();
    GenericAppenderFactory appenders = new GenericAppenderFactory(schema, table.spec());
    appenders.setAll(table.properties());
    PartitionKey key = new PartitionKey(table.spec(), schema);
    InternalRecordWrapper wrapper = new InternalRecordWrapper(schema.asStruct());
    Map<StructLike, DataWriter<Record>> writers = new LinkedHashMap<>();
    try {
      while (records.hasNext()) {
        Record r = records.next();
        key.partition(wrapper.wrap(r));
        DataWriter<Record> w = writers.get(key);
        if (w == null) {
          PartitionKey copy = key.copy();
          w = appenders.newDataWriter(
              table.spec().isUnpartitioned() ? files.newOutputFile() : files.newOutputFile(table.spec(), copy),
              FileFormat.PARQUET, table.spec().isUnpartitioned() ? null : copy);
          writers.put(copy, w);
        }
        w.write(r);
      }
    } finally {
      for (DataWriter<Record> w : writers.values()) {
        try {
          w.close();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    List<DataFile> out = new ArrayList<>();
    writers.values().forEach(w -> out.add(w.toDataFile()));
    return out;
  }

  /** Appends the files in one commit; returns the new snapshot id. */
  public static long commit(Table table, List<DataFile> dataFiles) {
    AppendFiles append = table.newAppend();
    dataFiles.forEach(append::appendFile);
    append.commit();
    table.refresh();
    return table.currentSnapshot().snapshotId();
  }

  public static long append(Table table, Iterable<Record> records) {
    return commit(table, write(table, records.iterator()));
  }

  /** Appends Avro contract records into their raw table (created if missing); returns the snapshot id. */
  public static long appendAvro(Catalog catalog, List<? extends IndexedRecord> records) {
    if (records.isEmpty()) {
      throw new IllegalArgumentException("no records");
    }
    TableIdentifier id = LakeTables.rawTableOf(records.get(0).getSchema());
    Table table = LakeTables.ensure(catalog, id);
    List<Record> rows = new ArrayList<>(records.size());
    for (IndexedRecord r : records) {
      rows.add(fromAvro(table.schema(), r));
    }
    return append(table, rows);
  }

  /** Appends JSON lines (one object per line, keys = column names) into a lake table; returns the snapshot id. */
  public static long appendJsonLines(Catalog catalog, TableIdentifier id, Path file) throws IOException {
    Table table = LakeTables.ensure(catalog, id);
    List<Record> rows = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int n = 0;
      while ((line = in.readLine()) != null) {
        n++;
        if (line.isBlank()) {
          continue;
        }
        try {
          rows.add(fromJson(table.schema(), JSON.readTree(line)));
        } catch (RuntimeException e) {
          throw new IllegalArgumentException(file + ":" + n + ": " + e.getMessage(), e);
        }
      }
    }
    return append(table, rows);
  }

  /** Converts an Avro record to a row of the table (columns matched by name). */
  public static Record fromAvro(Schema schema, IndexedRecord avro) {
    GenericRecord row = GenericRecord.create(schema);
    org.apache.avro.Schema avroSchema = avro.getSchema();
    for (Types.NestedField col : schema.columns()) {
      org.apache.avro.Schema.Field f = avroSchema.getField(col.name());
      Object v = f == null ? null : avro.get(f.pos());
      row.setField(col.name(), avroValue(col.type(), v));
    }
    return row;
  }

  private static Object avroValue(Type type, Object v) {
    if (v == null) {
      return null;
    }
    switch (type.typeId()) {
      case STRING:
        return v instanceof GenericEnumSymbol<?> || v instanceof Enum<?> ? v.toString() : v.toString();
      case TIMESTAMP:
        Instant i = v instanceof Instant inst ? inst : Instant.ofEpochMilli(((Number) v).longValue());
        return i.atOffset(ZoneOffset.UTC);
      case DATE:
        return v instanceof LocalDate d ? d : LocalDate.ofEpochDay(((Number) v).longValue());
      case DECIMAL:
        if (v instanceof BigDecimal bd) {
          return bd.setScale(((Types.DecimalType) type).scale(), RoundingMode.UNNECESSARY);
        }
        ByteBuffer buf = ((ByteBuffer) v).duplicate();
        byte[] bytes = new byte[buf.remaining()];
        buf.get(bytes);
        return new BigDecimal(new java.math.BigInteger(bytes), ((Types.DecimalType) type).scale());
      case LIST: {
        List<Object> out = new ArrayList<>();
        for (Object e : (Iterable<?>) v) {
          out.add(avroValue(type.asListType().elementType(), e));
        }
        return out;
      }
      case MAP: {
        Map<Object, Object> out = new HashMap<>();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
          out.put(e.getKey().toString(), avroValue(type.asMapType().valueType(), e.getValue()));
        }
        return out;
      }
      case BINARY:
        return v instanceof ByteBuffer b ? b : ByteBuffer.wrap((byte[]) v);
      case STRUCT: {
        IndexedRecord nested = (IndexedRecord) v;
        GenericRecord out = GenericRecord.create(type.asStructType());
        for (Types.NestedField f : type.asStructType().fields()) {
          org.apache.avro.Schema.Field af = nested.getSchema().getField(f.name());
          out.setField(f.name(), af == null ? null : avroValue(f.type(), nested.get(af.pos())));
        }
        return out;
      }
      default:
        return v;
    }
  }

  /** Converts a JSON object (timestamps as epoch millis or ISO-8601 instants) to a row of the table. */
  public static Record fromJson(Schema schema, JsonNode node) {
    GenericRecord row = GenericRecord.create(schema);
    for (Types.NestedField col : schema.columns()) {
      JsonNode v = node.get(col.name());
      Object value = v == null || v.isNull() ? null : jsonValue(col.type(), v);
      if (value == null && col.isRequired()) {
        throw new IllegalArgumentException("required column " + col.name() + " is missing");
      }
      row.setField(col.name(), value);
    }
    return row;
  }

  private static Object jsonValue(Type type, JsonNode v) {
    switch (type.typeId()) {
      case STRING:
        return v.asText();
      case INTEGER:
        return v.asInt();
      case LONG:
        return v.asLong();
      case DOUBLE:
        return v.asDouble();
      case FLOAT:
        return (float) v.asDouble();
      case BOOLEAN:
        return v.asBoolean();
      case TIMESTAMP:
        return (v.isNumber() ? Instant.ofEpochMilli(v.asLong()) : Instant.parse(v.asText())).atOffset(ZoneOffset.UTC);
      case DATE:
        return LocalDate.parse(v.asText());
      case DECIMAL:
        return new BigDecimal(v.asText()).setScale(((Types.DecimalType) type).scale(), RoundingMode.UNNECESSARY);
      case LIST: {
        List<Object> out = new ArrayList<>();
        v.forEach(e -> out.add(jsonValue(type.asListType().elementType(), e)));
        return out;
      }
      case MAP: {
        Map<String, Object> out = new HashMap<>();
        v.fields().forEachRemaining(e -> out.put(e.getKey(), jsonValue(type.asMapType().valueType(), e.getValue())));
        return out;
      }
      default:
        throw new IllegalArgumentException("no JSON mapping for " + type);
    }
  }

  /** UTC instant to the generic row value of a timestamptz column. */
  public static OffsetDateTime ts(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
