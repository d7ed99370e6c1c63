package energy.vgf.registry;

import static org.assertj.core.api.Assertions.assertThat;

import energy.vgf.schemas.TopicCatalog;
import energy.vgf.schemas.TopicSpec;
import energy.vgf.serde.kafka.VgfAvroDeserializer;
import energy.vgf.serde.kafka.VgfAvroSerializer;
import energy.vgf.testing.PlatformExtension;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every contract of the catalogue, through its real topic, the registry and the Kafka serdes. */
@ExtendWith(PlatformExtension.class)
class RecordRoundTripIT {

  static Stream<TopicSpec> topics() {
    return TopicCatalog.load().topics().stream();
  }

  @SuppressWarnings("unchecked")
  static Class<? extends SpecificRecord> recordClass(String recordName) throws IOException, ClassNotFoundException {
    try (InputStream in = RecordRoundTripIT.class.getResourceAsStream("/avro/" + recordName + ".avsc")) {
      Schema schema = new Schema.Parser().parse(in);
      return (Class<? extends SpecificRecord>) Class.forName(schema.getFullName());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("topics")
  void everyRecordTypeSurvivesTheBrokerAndTheRegistry(TopicSpec topic) throws Exception {
    Class<? extends SpecificRecord> type = recordClass(topic.valueRecord());
    Random random = new Random(topic.name().hashCode());
    List<SpecificRecord> sent = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      sent.add(AvroSamples.randomRecord(type, random));
    }
    Map<String, Object> serdeConfig = Map.of("schema.registry.url", PlatformExtension.registryUrl());
    try (KafkaProducer<String, SpecificRecord> producer = new KafkaProducer<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, PlatformExtension.bootstrapServers()),
        new StringSerializer(), new VgfAvroSerializer<>(serdeConfig, false))) {
      for (SpecificRecord record : sent) {
        producer.send(new ProducerRecord<>(topic.name(), "key", record)).get();
      }
    }

    List<Object> received = new ArrayList<>();
    try (KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, PlatformExtension.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "roundtrip-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
        new StringDeserializer(), new VgfAvroDeserializer<>(serdeConfig, false))) {
      consumer.subscribe(List.of(topic.name()));
      long deadline = System.currentTimeMillis() + 30_000;
      while (received.size() < sent.size() && System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<String, Object> record : consumer.poll(Duration.ofMillis(200))) {
          received.add(record.value());
        }
      }
    }
    // Partitions reorder across keys; the same key keeps order, and all records used one key.
    assertThat(received).containsExactlyElementsOf(sent);
    assertThat(received).allSatisfy(r -> assertThat(r).isInstanceOf(type));
    assertThat(new RegistryHttp(PlatformExtension.registryUrl()).get("/subjects").body().toString())
        .contains(topic.valueSubject());
  }
}
