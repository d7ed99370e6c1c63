package energy.vgf.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import energy.vgf.schemas.TopicCatalog;
import energy.vgf.schemas.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaIT {

  @Test
  void createsTheCatalogueTopicsWithTheirSettingsOnLoopback() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      assertThat(kafka.bootstrapServers()).startsWith("127.0.0.1:");
      kafka.createCatalogTopics();
      kafka.createCatalogTopics(); // idempotent
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
        assertThat(admin.listTopics().names().get())
            .containsAll(TopicCatalog.load().topics().stream().map(t -> t.name()).toList());
        ConfigResource enrollment = new ConfigResource(ConfigResource.Type.TOPIC, Topics.CHARGER_ENROLLMENT);
        ConfigResource telemetry = new ConfigResource(ConfigResource.Type.TOPIC, Topics.VEHICLE_TELEMETRY);
        Map<ConfigResource, Config> configs = admin.describeConfigs(List.of(enrollment, telemetry)).all().get();
        assertThat(configs.get(enrollment).get("cleanup.policy").value()).isEqualTo("compact");
        assertThat(configs.get(telemetry).get("retention.ms").value()).isEqualTo("-1");
        assertThat(admin.describeTopics(List.of(Topics.VEHICLE_TELEMETRY)).allTopicNames().get()
            .get(Topics.VEHICLE_TELEMETRY).partitions()).hasSize(6);
      }
    }
  }

  @Test
  void supportsTransactionsForExactlyOnceSinks() {
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      kafka.createCatalogTopics();
      try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
          ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
          ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-test"), new StringSerializer(), new StringSerializer())) {
        producer.initTransactions();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>(Topics.DEAD_LETTER, "k", "aborted"));
        producer.abortTransaction();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>(Topics.DEAD_LETTER, "k", "committed"));
        producer.commitTransaction();
      }
      assertThat(readAll(kafka.bootstrapServers(), Topics.DEAD_LETTER, 1)).containsExactly("committed");
    }
  }

  @Test
  void keepsDataWhenRestartedOnTheSameDirectory() throws Exception {
    Path dir = Files.createTempDirectory("vgf-kafka-persist");
    int port;
    try (EmbeddedKafka kafka = EmbeddedKafka.start(new EmbeddedKafka.Config(0, dir))) {
      port = kafka.port();
      kafka.createCatalogTopics();
      try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
          ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
        producer.send(new ProducerRecord<>(Topics.GRID_CONSTRAINT, "feeder-1", "limit")).get();
      }
    }
    try (EmbeddedKafka again = EmbeddedKafka.start(new EmbeddedKafka.Config(port, dir))) {
      assertThat(readAll(again.bootstrapServers(), Topics.GRID_CONSTRAINT, 1)).containsExactly("limit");
    }
  }

  private static List<String> readAll(String bootstrap, String topic, int expected) {
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.GROUP_ID_CONFIG, "read-" + System.nanoTime(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.currentTimeMillis() + 20_000;
      while (values.size() < expected && System.currentTimeMillis() < deadline) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          values.add(r.value());
        }
      }
      // One more poll to catch anything that should not be there (e.g. an aborted record).
      consumer.poll(Duration.ofMillis(500)).forEach(r -> values.add(r.value()));
    }
    return values;
  }
}
