package energy.vgf.cli.stack;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Readiness of a producer such as the simulator: records have arrived in a topic. */
final class TopicProbe {

  private TopicProbe() {
  }

  static Optional<Boolean> hasRecords(String bootstrap, String topic) {
    Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000, ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5)).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      long records = consumer.endOffsets(partitions, Duration.ofSeconds(5)).values().stream()
          .mapToLong(Long::longValue).sum();
      return records > 0 ? Optional.of(true) : Optional.empty();
    } catch (RuntimeException e) {
      return Optional.empty(); // broker busy or topic metadata not there yet: probe again
    }
  }
}
