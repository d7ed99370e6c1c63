package energy.vgf.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import energy.vgf.charging.ChargerMeterValue;
import energy.vgf.charging.ChargerStatus;
import energy.vgf.charging.ConnectorStatus;
import energy.vgf.dispatch.DispatchSetpoint;
import energy.vgf.fleet.FleetConstraint;
import energy.vgf.flexibility.FlexibilityWindow;
import energy.vgf.flink.config.JobConfig;
import energy.vgf.ops.DeadLetter;
import energy.vgf.schemas.Topics;
import energy.vgf.serde.kafka.VgfAvroDeserializer;
import energy.vgf.serde.kafka.VgfAvroSerializer;
import energy.vgf.telemetry.TelematicsProvider;
import energy.vgf.telemetry.VehicleStatus;
import energy.vgf.telemetry.VehicleTelemetry;
import energy.vgf.testing.PlatformExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.hadoop.HadoopCatalog;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path on a real broker, the registry and a MiniCluster: telemetry, fleet constraints and charger
 * data in; setpoints, flexibility windows and dead letters out; the lake job writing Iceberg tables.
 */
@ExtendWith(PlatformExtension.class)
class CoreAndLakeJobsIT {

  @RegisterExtension
  static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
      .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

  @TempDir
  static Path lakeDir;

  static final long INTERVAL_MS = 15 * 60_000L;
  /** Event times near now (inside the 24 h future bound), aligned so that a dispatch boundary lies ahead. */
  static final long BOUNDARY_MS = Math.floorDiv(System.currentTimeMillis(), INTERVAL_MS) * INTERVAL_MS;

  static JobConfig config;
  static JobClient core;
  static JobClient lake;

  @BeforeAll
  static void startJobs() throws Exception {
    Map<String, String> m = new HashMap<>();
    m.put("bootstrap.servers", PlatformExtension.bootstrapServers());
    m.put("schema.registry.url", PlatformExtension.registryUrl());
    m.put("group.id", "core-it");
    m.put("starting.offsets", "earliest");
    m.put("checkpoint.interval.ms", "1000");
    m.put("lake.commit.interval.ms", "1000");
    m.put("watermark.out.of.orderness.ms", "1000");
    m.put("source.idleness.ms", "1000");
    m.put("dispatch.horizon.intervals", "16");
    m.put("dispatch.solve.budget.ms", "1000");
    m.put("flexibility.window.minutes", "5");
    m.put("fleet.site.depot-a.feeder", "feeder-7");
    m.put("lake.catalog.type", "hadoop");
    m.put("lake.catalog.warehouse", lakeDir.toUri().toString());
    config = JobConfig.from(m);

    StreamExecutionEnvironment coreEnv = StreamExecutionEnvironment.getExecutionEnvironment(VgfJobs.flinkConfiguration(config));
    VgfJobs.configure(coreEnv, config, config.checkpointIntervalMs());
    core = VgfJobs.start(coreEnv, "core", config);

    Map<String, String> lm = new HashMap<>(m);
    lm.put("group.id", "lake-it");
    JobConfig lakeConfig = JobConfig.from(lm);
    StreamExecutionEnvironment lakeEnv = StreamExecutionEnvironment.getExecutionEnvironment(VgfJobs.flinkConfiguration(lakeConfig));
    VgfJobs.configure(lakeEnv, lakeConfig, lakeConfig.lakeCommitIntervalMs());
    lake = VgfJobs.start(lakeEnv, "lake", lakeConfig);
    produceInputs();
  }

  @AfterAll
  static void stopJobs() throws Exception {
    if (core != null) {
      core.cancel().get();
    }
    if (lake != null) {
      lake.cancel().get();
    }
  }

  static Instant at(long offsetMs) {
    return Instant.ofEpochMilli(BOUNDARY_MS + offsetMs);
  }

  static void produceInputs() {
    Properties p = new Properties();
    p.put("bootstrap.servers", PlatformExtension.bootstrapServers());
    p.put("schema.registry.url", PlatformExtension.registryUrl());
    try (KafkaProducer<String, Object> producer = new KafkaProducer<>(p, new StringSerializer(), new VgfAvroSerializer<>(Map.of("schema.registry.url", PlatformExtension.registryUrl()), false));
         KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(Topics.FLEET_CONSTRAINT, "bus-1", FleetConstraint.newBuilder().setConstraintId("c-1")
          .setFleetId("fleet-1").setVehicleId("bus-1").setDepartureTime(at(3 * 3_600_000L)).setRequiredSocPct(90)
          .setIssuedAt(at(-10 * 60_000L)).build()));
      producer.send(new ProducerRecord<>(Topics.CHARGER_STATUS, "cp-1", ChargerStatus.newBuilder().setChargerId("cp-1")
          .setConnectorId(1).setTs(at(-9 * 60_000L)).setStatus(ConnectorStatus.CHARGING).setOcppVersion("ocpp1.6")
          .setSiteId("depot-a").setVehicleId("bus-1").build()));
      // No vehicle_id: the charger state resolves it from the status above.
      producer.send(new ProducerRecord<>(Topics.CHARGER_METER, "cp-1", ChargerMeterValue.newBuilder().setChargerId("cp-1")
          .setConnectorId(1).setTs(at(-8 * 60_000L)).setPowerKw(11.0).setEnergyImportKwh(100.0).setSiteId("depot-a").build()));
      for (int i = 7; i >= -3; i--) {
        producer.send(new ProducerRecord<>(Topics.VEHICLE_TELEMETRY, "bus-1", VehicleTelemetry.newBuilder()
            .setProvider(TelematicsProvider.SIMULATOR).setVehicleId("bus-1").setTs(at(-i * 60_000L)).setSocPct(30.0 + (7 - i) * 0.1)
            .setStatus(VehicleStatus.CHARGING).setDepotId("depot-a").build()));
      }
      raw.send(new ProducerRecord<>(Topics.VEHICLE_TELEMETRY, "bus-9".getBytes(StandardCharsets.UTF_8),
          "not avro at all".getBytes(StandardCharsets.UTF_8)));
      producer.flush();
      raw.flush();
    }
  }

  static <T> List<T> readAll(String topic, Duration deadline, java.util.function.Predicate<List<T>> until) {
    Properties p = new Properties();
    p.put("bootstrap.servers", PlatformExtension.bootstrapServers());
    p.put("schema.registry.url", PlatformExtension.registryUrl());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "it-reader-" + topic + "-" + System.nanoTime());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<T> out = new ArrayList<>();
    try (KafkaConsumer<String, Object> c = new KafkaConsumer<>(p, new StringDeserializer(), new VgfAvroDeserializer<>(Map.of("schema.registry.url", PlatformExtension.registryUrl()), false))) {
      c.subscribe(List.of(topic));
      await().atMost(deadline).pollInterval(Duration.ofMillis(100)).until(() -> {
        for (ConsumerRecord<String, Object> r : c.poll(Duration.ofMillis(200))) {
          @SuppressWarnings("unchecked") T v = (T) r.value();
          out.add(v);
        }
        return until.test(out);
      });
    }
    return out;
  }

  @Test
  void emitsSetpointsForAPluggedInVehicleOnTheDispatchBoundary() {
    List<DispatchSetpoint> setpoints = readAll(Topics.DISPATCH_SETPOINT, Duration.ofSeconds(90),
        l -> l.stream().anyMatch(x -> x.getValidFrom().equals(at(0))));
    // The plug-in before the boundary was dispatched at once (dispatch.replan.on.plug.in), from its event time.
    DispatchSetpoint atPlugIn = setpoints.get(0);
    assertThat(atPlugIn.getReason()).isEqualTo(energy.vgf.dispatch.SetpointReason.REPLAN);
    assertThat(atPlugIn.getValidFrom()).isBefore(at(0));
    assertThat(atPlugIn.getValidTo()).isAfter(at(0));
    assertThat(atPlugIn.getPowerKw()).isPositive();

    DispatchSetpoint s = setpoints.stream().filter(x -> x.getValidFrom().equals(at(0))).findFirst().orElseThrow();
    assertThat(s.getChargerId()).isEqualTo("cp-1");
    assertThat(s.getVehicleId()).isEqualTo("bus-1");
    assertThat(s.getSiteId()).isEqualTo("depot-a");
    assertThat(s.getValidFrom()).isEqualTo(at(0));
    assertThat(s.getValidTo()).isAfter(at(INTERVAL_MS));
    // 60 kWh short of 90 % with 3 h to go: it must charge now.
    assertThat(s.getPowerKw()).isPositive();
  }

  @Test
  void routesAPoisonRecordToTheDeadLetterTopicWithTheReason() {
    List<DeadLetter> dead = readAll(Topics.DEAD_LETTER, Duration.ofSeconds(60),
        l -> l.stream().anyMatch(d -> d.getSourceTopic().equals(Topics.VEHICLE_TELEMETRY)));
    DeadLetter d = dead.stream().filter(x -> x.getSourceTopic().equals(Topics.VEHICLE_TELEMETRY)).findFirst().orElseThrow();
    assertThat(d.getError()).contains("cannot decode as VehicleTelemetry");
    assertThat(d.getStage()).isEqualTo("flink:ingest");
    assertThat(new String(d.getRaw().array(), StandardCharsets.UTF_8)).isEqualTo("not avro at all");
    assertThat(d.getPartition()).isGreaterThanOrEqualTo(0);
  }

  @Test
  void emitsFlexibilityWindowsPerSiteAndPerFeeder() {
    List<FlexibilityWindow> windows = readAll(Topics.FLEXIBILITY_WINDOW, Duration.ofSeconds(90),
        l -> l.stream().anyMatch(w -> w.getSiteId().equals("*")) && l.stream().anyMatch(w -> w.getSiteId().equals("depot-a")));
    FlexibilityWindow site = windows.stream().filter(w -> w.getSiteId().equals("depot-a")).findFirst().orElseThrow();
    assertThat(site.getPluggedInVehicles()).isEqualTo(1);
    assertThat(site.getMustChargeEnergyKwh()).isGreaterThan(100);
    assertThat(site.getEarliestDeadline()).isEqualTo(at(3 * 3_600_000L));
    FlexibilityWindow feeder = windows.stream().filter(w -> w.getSiteId().equals("*")).findFirst().orElseThrow();
    assertThat(feeder.getFeederId()).isEqualTo("feeder-7");
  }

  @Test
  void landsTelemetryInAnIcebergTablePartitionedByDay() {
    HadoopCatalog catalog = new HadoopCatalog(new org.apache.hadoop.conf.Configuration(), lakeDir.toUri().toString());
    TableIdentifier id = TableIdentifier.of("raw", "vehicle_telemetry");
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
      Table table = catalog.loadTable(id);
      table.refresh();
      List<Record> rows = new ArrayList<>();
      try (CloseableIterable<Record> it = IcebergGenerics.read(table).build()) {
        it.forEach(rows::add);
      }
      assertThat(rows).hasSize(11);
      assertThat(rows).extracting(r -> r.getField("vehicle_id")).containsOnly("bus-1");
      assertThat(table.spec().fields()).singleElement().satisfies(f -> assertThat(f.transform().toString()).isEqualTo("day"));
      assertThat(((org.apache.iceberg.HasTableOperations) table).operations().current().formatVersion()).isEqualTo(2);
      assertThat(table.properties()).containsEntry("write.target-file-size-bytes", "134217728");
    });
  }
}
