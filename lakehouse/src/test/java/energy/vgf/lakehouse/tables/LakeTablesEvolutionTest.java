package energy.vgf.lakehouse.tables;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.hadoop.HadoopCatalog;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ensure} on catalogs created by older definitions: additive evolution, data kept. */
class LakeTablesEvolutionTest {

  @TempDir
  Path dir;
  HadoopCatalog catalog;

  @BeforeEach
  void open() {
    catalog = new HadoopCatalog(new org.apache.hadoop.conf.Configuration(), dir.toUri().toString());
    catalog.createNamespace(Namespace.of("curated"));
    catalog.createNamespace(Namespace.of("raw"));
  }

  @AfterEach
  void close() throws Exception {
    catalog.close();
  }

  /** curated.dispatch_plan_vs_actual as the previous version defined it (per charger only, no deviations). */
  private Table olderPlanVsActual() {
    Schema old = new Schema(
        Types.NestedField.required(1, "site_id", Types.StringType.get(), "Site id."),
        Types.NestedField.required(2, "charger_id", Types.StringType.get(), "Charger id."),
        Types.NestedField.required(3, "interval_start", Types.TimestampType.withZone(), "Start of the 15-minute interval (UTC)."),
        Types.NestedField.optional(4, "planned_kw", Types.DoubleType.get(), "Setpoint in force, kW."),
        Types.NestedField.optional(5, "applied_kw", Types.DoubleType.get(), "Power the charger acknowledged, kW."),
        Types.NestedField.optional(6, "metered_kw", Types.DoubleType.get(), "Mean metered power, kW."));
    return catalog.buildTable(LakeTables.DISPATCH_PLAN_VS_ACTUAL, old)
        .withPartitionSpec(PartitionSpec.builderFor(old).day("interval_start").build())
        .withProperties(Map.of("format-version", "2", "comment", "Dispatch plans vs actuals per charger and 15 minutes.",
            "write.target-file-size-bytes", "1000000"))
        .create();
  }

  @Test
  void addsMissingColumnsAndKeepsExistingRows() {
    Table old = olderPlanVsActual();
    GenericRecord r = GenericRecord.create(old.schema());
    r.setField("site_id", "depot-a");
    r.setField("charger_id", "c1");
    r.setField("interval_start", LakeWriter.ts(Instant.parse("2026-07-01T17:00:00Z")));
    r.setField("planned_kw", 5.0);
    r.setField("applied_kw", 4.5);
    r.setField("metered_kw", 4.0);
    LakeWriter.append(old, List.of(r));

    Table t = LakeTables.ensure(catalog, LakeTables.DISPATCH_PLAN_VS_ACTUAL);

    List<String> names = t.schema().columns().stream().map(Types.NestedField::name).toList();
    assertThat(names).startsWith("site_id", "charger_id", "interval_start", "planned_kw", "applied_kw", "metered_kw")
        .contains("plan_id", "plan_created_at", "deviation_kw", "deviation_pct", "planned_ev_kw", "ev_deviation_kw", "quality");
    // the old row reads back with its values, and nulls in the columns it never had
    List<Record> rows = read(t);
    assertThat(rows).singleElement().satisfies(row -> {
      assertThat(row.getField("applied_kw")).isEqualTo(4.5);
      assertThat(row.getField("metered_kw")).isEqualTo(4.0);
      assertThat(row.getField("deviation_kw")).isNull();
      assertThat(row.getField("quality")).isNull();
    });
  }

  @Test
  void updatesDocsRelaxesRequiredColumnsAndAddsRequiredOnesAsOptional() {
    olderPlanVsActual();
    Table t = LakeTables.ensure(catalog, LakeTables.DISPATCH_PLAN_VS_ACTUAL);
    Schema want = LakeTables.get(LakeTables.DISPATCH_PLAN_VS_ACTUAL).schema();
    assertThat(t.schema().findField("charger_id").isOptional()).isTrue();
    assertThat(t.schema().findField("charger_id").doc()).isEqualTo(want.findField("charger_id").doc());
    assertThat(t.schema().findField("planned_kw").doc()).isEqualTo(want.findField("planned_kw").doc());
    // required in the definition, but existing rows have no value for it
    assertThat(want.findField("quality").isRequired()).isTrue();
    assertThat(t.schema().findField("quality").isOptional()).isTrue();
    assertThat(t.schema().findField("site_id").isRequired()).isTrue();
  }

  @Test
  void updatesTheCommentAndAddsMissingPropertiesButKeepsTuning() {
    olderPlanVsActual();
    Table t = LakeTables.ensure(catalog, LakeTables.DISPATCH_PLAN_VS_ACTUAL);
    assertThat(t.properties().get("comment")).isEqualTo(LakeTables.get(LakeTables.DISPATCH_PLAN_VS_ACTUAL).doc());
    assertThat(t.properties()).containsEntry("write.parquet.compression-codec", "zstd")
        .containsEntry("write.target-file-size-bytes", "1000000");
  }

  @Test
  void addsFieldsInsideListsOfStructsAndPromotesTypes() {
    Schema current = LakeTables.get(LakeTables.DISPATCH_PLAN).schema();
    // an older raw.dispatch_plan: vehicles without shortfall_kwh, solve_ms as int, no created_at
    List<Types.NestedField> cols = new ArrayList<>();
    for (Types.NestedField f : current.columns()) {
      if (f.name().equals("created_at")) {
        continue;
      }
      if (f.name().equals("solve_ms")) {
        cols.add(Types.NestedField.required(f.fieldId(), f.name(), Types.IntegerType.get(), f.doc()));
      } else if (f.name().equals("vehicles")) {
        Types.ListType list = f.type().asListType();
        List<Types.NestedField> inner = list.elementType().asStructType().fields().stream()
            .filter(v -> !v.name().equals("shortfall_kwh")).toList();
        cols.add(Types.NestedField.required(f.fieldId(), f.name(),
            Types.ListType.ofRequired(list.elementId(), Types.StructType.of(inner)), f.doc()));
      } else {
        cols.add(f);
      }
    }
    catalog.createTable(LakeTables.DISPATCH_PLAN, new Schema(cols));

    Table t = LakeTables.ensure(catalog, LakeTables.DISPATCH_PLAN);

    assertThat(t.schema().findField("created_at")).isNotNull();
    assertThat(t.schema().findField("solve_ms").type()).isEqualTo(Types.LongType.get());
    assertThat(t.schema().findType("vehicles.element.shortfall_kwh")).isEqualTo(Types.DoubleType.get());
  }

  @Test
  void leavesATableThatMatchesItsDefinitionUntouched() {
    Table created = LakeTables.ensure(catalog, LakeTables.DISPATCH_PLAN_VS_ACTUAL);
    long metadataVersions = created.history().size() + ((org.apache.iceberg.BaseTable) created).operations()
        .current().previousFiles().size();
    Table again = LakeTables.ensure(catalog, LakeTables.DISPATCH_PLAN_VS_ACTUAL);
    assertThat(((org.apache.iceberg.BaseTable) again).operations().current().previousFiles().size()
        + again.history().size()).isEqualTo(metadataVersions);
    assertThat(again.schema().sameSchema(created.schema())).isTrue();
  }

  private static List<Record> read(Table t) {
    List<Record> out = new ArrayList<>();
    try (CloseableIterable<Record> rows = IcebergGenerics.read(t).build()) {
      rows.forEach(out::add);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out;
  }
}
