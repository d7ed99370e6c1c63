package energy.vgf.connectors.lake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import energy.vgf.connectors.testing.ConnectWorker;
import energy.vgf.connectors.testing.Topics;
import energy.vgf.market.Iso;
import energy.vgf.market.MarketPrice;
import energy.vgf.market.MarketType;
import energy.vgf.serde.kafka.VgfAvroSerializer;
import energy.vgf.testing.PlatformExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documented sink configuration (config/iceberg-sink.json, Apache Iceberg's IcebergSinkConnector 1.11.0) on a
 * real worker, landing a raw topic written as the connectors write it into an Iceberg table, read back with Iceberg's
 * Java API. Only the catalog keys differ from the document: a JDBC catalog on SQLite and a file:// warehouse stand in
 * for the lakehouse's REST catalog; routing, SMTs, table properties and partitioning are the document's.
 */
@ExtendWith(PlatformExtension.class)
class IcebergSinkIT {

  private static final String CATALOG = "iceberg"; // the sink's default iceberg.catalog name

  @TempDir
  Path dir;

  @Test
  void landsARawTopicInAnIcebergTableWithTheDocumentedConfiguration() throws Exception {
    String topic = Topics.create(PlatformExtension.bootstrapServers(), "vgf.market.price.it");
    Map<String, String> catalogProps = Map.of(
        "uri", "jdbc:sqlite:" + dir.resolve("catalog.db"),
        "warehouse", dir.resolve("warehouse").toUri().toString(),
        "jdbc.schema-version", "V1");
    JdbcCatalog catalog = (JdbcCatalog) CatalogUtil.loadCatalog(JdbcCatalog.class.getName(), CATALOG, catalogProps,
        new Configuration());
    ((SupportsNamespaces) catalog).createNamespace(Namespace.of("raw"));

    Map<String, String> config = documentedConfig();
    config.put("topics", topic);
    config.put("tasks.max", "1");
    config.put("value.converter.schema.registry.url", PlatformExtension.registryUrl());
    config.remove("iceberg.catalog.type");
    config.put("iceberg.catalog.catalog-impl", JdbcCatalog.class.getName());
    catalogProps.forEach((k, v) -> config.put("iceberg.catalog." + k, v));
    config.put("iceberg.tables", "raw.market_price");
    config.put("iceberg.table.raw.market_price.route-regex", topic.replace(".", "\\."));
    config.put("iceberg.control.topic", Topics.create(PlatformExtension.bootstrapServers(), "vgf.iceberg.control.it"));
    config.put("iceberg.control.commit.interval-ms", "2000");
    // On a worker started from its properties file the sink reads bootstrap.servers from it; in a test JVM, say it.
    config.put("iceberg.kafka.bootstrap.servers", PlatformExtension.bootstrapServers());
    config.put("errors.deadletterqueue.topic.name", "vgf.deadletter.iceberg.it");

    List<MarketPrice> prices = new ArrayList<>();
    for (int h = 0; h < 4; h++) {
      Instant start = Instant.parse("2025-09-01T04:00:00Z").plus(Duration.ofHours(h));
      prices.add(MarketPrice.newBuilder().setIso(Iso.PJM).setNode("PJM-RTO").setMarket(MarketType.DAY_AHEAD)
          .setIntervalStart(start).setIntervalEnd(start.plus(Duration.ofHours(1))).setLmpPerMwh(14.75 + h)
          .setEnergyPerMwh(14.70 + h).setCongestionPerMwh(0.03).setLossPerMwh(0.02).setPublishedAt(null).build());
    }
    try (KafkaProducer<String, MarketPrice> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
        PlatformExtension.bootstrapServers()), new StringSerializer(),
        new VgfAvroSerializer<>(Map.of("schema.registry.url", PlatformExtension.registryUrl()), false))) {
      for (MarketPrice p : prices) {
        producer.send(new ProducerRecord<>(topic, "PJM:PJM-RTO", p)).get();
      }
    }

    try (ConnectWorker worker = ConnectWorker.start(PlatformExtension.bootstrapServers(),
        PlatformExtension.registryUrl(), dir.resolve("offsets"))) {
      worker.putConnector("iceberg-raw", config);
      TableIdentifier id = TableIdentifier.of("raw", "market_price");
      await().atMost(Duration.ofSeconds(90)).until(() -> catalog.tableExists(id) && rows(catalog.loadTable(id)).size() >= 4);
    }

    Table table = catalog.loadTable(TableIdentifier.of("raw", "market_price"));
    List<Record> rows = rows(table);
    assertThat(rows).extracting(r -> r.getField("node") + "@" + r.getField("interval_start") + "="
        + r.getField("lmp_per_mwh")).containsExactlyInAnyOrder(
            "PJM-RTO@2025-09-01T04:00Z=14.75", "PJM-RTO@2025-09-01T05:00Z=15.75",
            "PJM-RTO@2025-09-01T06:00Z=16.75", "PJM-RTO@2025-09-01T07:00Z=17.75");
    assertThat(rows).allSatisfy(r -> {
      assertThat(r.getField("_topic")).isEqualTo(topic);
      assertThat(r.getField("ingested_at")).isNotNull();
      assertThat(r.getField("iso")).isEqualTo("PJM");
    });
    assertThat(table.spec().fields()).singleElement().satisfies(f -> assertThat(f.transform().toString())
        .isEqualTo("day"));
    // format-version is a reserved property: it lands in the table metadata, not among the properties.
    assertThat(((HasTableOperations) table).operations().current().formatVersion()).isEqualTo(2);
    assertThat(table.location()).startsWith("file:");
  }

  private static List<Record> rows(Table table) throws Exception {
    table.refresh();
    List<Record> out = new ArrayList<>();
    try (CloseableIterable<Record> it = IcebergGenerics.read(table).build()) {
      it.forEach(out::add);
    }
    return out;
  }

  /** config/iceberg-sink.json's "config", as a data engineer PUTs it. */
  private static Map<String, String> documentedConfig() throws Exception {
    JsonNode doc = new ObjectMapper().readTree(Files.readString(Path.of("config/iceberg-sink.json")));
    Map<String, String> c = new HashMap<>();
    doc.get("config").fields().forEachRemaining(e -> c.put(e.getKey(), e.getValue().asText()));
    assertThat(c).containsEntry("connector.class", "org.apache.iceberg.connect.IcebergSinkConnector")
        .containsEntry("iceberg.catalog.type", "rest");
    return c;
  }
}
