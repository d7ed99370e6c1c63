package energy.vgf.simulator.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import energy.vgf.schemas.TopicCatalog;
import energy.vgf.serde.SerdeConfig;
import energy.vgf.serde.kafka.VgfAvroDeserializer;
import energy.vgf.simulator.CollectingSink;
import energy.vgf.simulator.RunSummary;
import energy.vgf.simulator.Simulation;
import energy.vgf.simulator.scenario.Scenario;
import energy.vgf.simulator.scenario.ScenarioLoader;
import energy.vgf.telemetry.VehicleTelemetry;
import energy.vgf.testing.PlatformExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The simulator's streams through a real broker and the schema registry. */
@ExtendWith(PlatformExtension.class)
class KafkaStreamSinkIT {

  private static Scenario scenario;
  private static RunSummary summary;
  private static CollectingSink reference;

  @BeforeAll
  static void produceOneDay() {
    // A start date of its own so this run's records are told apart from other tests' in shared topics.
    scenario = ScenarioLoader.loadDefault().withStart("2026-02-09").withDays(1).withVehicles(12).withSeed(99);
    try (StreamSink sink = new KafkaStreamSink(PlatformExtension.bootstrapServers(), PlatformExtension.registryUrl())) {
      summary = new Simulation(scenario).run(sink);
    }
    reference = new CollectingSink();
    new Simulation(scenario).run(reference);
  }

  private static List<ConsumerRecord<String, SpecificRecord>> readAll(Stream stream, long expected) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, PlatformExtension.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "sim-it-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    List<ConsumerRecord<String, SpecificRecord>> out = new ArrayList<>();
    long from = scenario.startInstant().toEpochMilli() - 86_400_000L;
    long to = scenario.endInstant().toEpochMilli() + 86_400_000L;
    try (KafkaConsumer<String, SpecificRecord> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(),
            new VgfAvroDeserializer<>(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, PlatformExtension.registryUrl()), false))) {
      consumer.subscribe(List.of(stream.topic()));
      await().atMost(Duration.ofSeconds(60)).until(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> {
          if (r.timestamp() >= from && r.timestamp() < to) {
            out.add(r);
          }
        });
        return out.size() >= expected;
      });
    }
    return out;
  }

  @Test
  void everyStreamArrivesOnItsCatalogueTopicWithEveryRecord() {
    for (Stream s : Stream.values()) {
      long expected = summary.records().get(s);
      assertThat(expected).as(s.name()).isPositive();
      List<ConsumerRecord<String, SpecificRecord>> records = readAll(s, expected);
      assertThat(records).as(s.name()).hasSize((int) expected);
      assertThat(records.get(0).value().getSchema().getName())
          .isEqualTo(TopicCatalog.load().topic(s.topic()).valueRecord());
    }
  }

  @Test
  void telemetryIsKeyedByVehicleAndTimestampedInEventTime() {
    List<ConsumerRecord<String, SpecificRecord>> records =
        readAll(Stream.VEHICLE_TELEMETRY, summary.records().get(Stream.VEHICLE_TELEMETRY));
    List<VehicleTelemetry> expected = reference.values(Stream.VEHICLE_TELEMETRY, VehicleTelemetry.class);
    Map<String, List<VehicleTelemetry>> byVehicle = new java.util.TreeMap<>();
    for (ConsumerRecord<String, SpecificRecord> r : records) {
      VehicleTelemetry t = (VehicleTelemetry) r.value();
      assertThat(r.key()).isEqualTo(t.getVehicleId());
      assertThat(r.timestamp()).isEqualTo(t.getTs().toEpochMilli());
      byVehicle.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(t);
    }
    // Per key (one partition each), the order and content are those of the file run.
    for (Map.Entry<String, List<VehicleTelemetry>> e : byVehicle.entrySet()) {
      assertThat(e.getValue()).isEqualTo(expected.stream().filter(t -> t.getVehicleId().equals(e.getKey())).toList());
    }
    assertThat(records.stream().map(r -> new TopicPartition(r.topic(), r.partition())).distinct().count())
        .isGreaterThan(1);
  }
}
