package energy.vgf.lakehouse.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import energy.vgf.lakehouse.tables.LakeTables;
import energy.vgf.lakehouse.tables.LakeWriter;
import energy.vgf.metering.ReadingQuality;
import energy.vgf.metering.SiteMeterReading;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The REST catalog service through Iceberg's own REST client: the protocol every writer and Trino speak. */
class RestCatalogServiceTest {

  @TempDir
  static Path dir;
  static RestCatalogService service;
  static Catalog client;

  @BeforeAll
  static void start() throws Exception {
    service = RestCatalogService.start(0, "file://" + dir.resolve("warehouse").toAbsolutePath(), null);
    client = service.clientConfig().open();
    LakeTables.ensureAll(client);
  }

  @AfterAll
  static void stop() throws Exception {
    ((AutoCloseable) client).close();
    service.close();
  }

  @Test
  void bindsTheLoopbackInterfaceOnly() {
    assertThat(service.uri().getHost()).isEqualTo("127.0.0.1");
  }

  @Test
  void createsEveryRawTableByTheSnakeCaseConvention() {
    assertThat(client.listTables(LakeTables.RAW)).extracting(TableIdentifier::name).containsExactlyInAnyOrder(
        "vehicle_telemetry", "charger_status", "charging_session", "charger_meter_value", "site_meter_reading",
        "market_price", "weather_forecast", "grid_constraint", "fleet_constraint", "flexibility_window",
        "dispatch_setpoint", "dispatch_ack", "dispatch_plan");
  }

  @Test
  void keepsAvroFieldNamesDocsAndTimestamptzAndPartitionsByEventDay() {
    Table t = client.loadTable(LakeTables.SITE_METER_READING);
    Types.NestedField start = t.schema().findField("interval_start");
    assertThat(start.type()).isEqualTo(Types.TimestampType.withZone());
    assertThat(start.doc()).isNotBlank();
    assertThat(t.schema().findField("quality").type()).isEqualTo(Types.StringType.get());
    assertThat(t.spec().fields()).singleElement().satisfies(f -> assertThat(f.transform().toString()).isEqualTo("day"));
    assertThat(t.sortOrder().fields()).hasSize(3);
    assertThat(((org.apache.iceberg.HasTableOperations) t).operations().current().formatVersion()).isEqualTo(2);
    assertThat(t.properties()).containsKey("comment");
    assertThat(t.location()).startsWith("file:/");
  }

  @Test
  void writesAvroRecordsAndReadsThemBack() throws Exception {
    List<SiteMeterReading> readings = new ArrayList<>();
    Instant t0 = Instant.parse("2026-07-01T00:00:00Z");
    for (int i = 0; i < 8; i++) {
      readings.add(SiteMeterReading.newBuilder().setSiteId("s1").setMeterId("m1")
          .setIntervalStart(t0.plusSeconds(900L * i)).setIntervalEnd(t0.plusSeconds(900L * (i + 1)))
          .setEnergyImportKwh(i).setQuality(ReadingQuality.VALID).build());
    }
    TableIdentifier id = TableIdentifier.of("raw", "site_meter_reading");
    long before = count(client.loadTable(id));
    long snapshot = LakeWriter.appendAvro(client, readings);
    Table table = client.loadTable(id);
    assertThat(table.currentSnapshot().snapshotId()).isEqualTo(snapshot);
    assertThat(count(table) - before).isEqualTo(8);
  }

  @Test
  void answersUnknownTablesWithNoSuchTable() {
    assertThatThrownBy(() -> client.loadTable(TableIdentifier.of("raw", "nope"))).isInstanceOf(NoSuchTableException.class);
  }

  @Test
  void rejectsAWarehouseWithoutScheme() {
    assertThatThrownBy(() -> RestCatalogService.start(0, "/tmp/w", null)).isInstanceOf(CatalogConfigException.class)
        .hasMessageContaining("warehouse");
  }

  static long count(Table t) throws Exception {
    long n = 0;
    try (CloseableIterable<Record> rows = IcebergGenerics.read(t).build()) {
      for (Record ignored : rows) {
        n++;
      }
    }
    return n;
  }
}
