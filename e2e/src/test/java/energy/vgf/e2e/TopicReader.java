package energy.vgf.e2e;

import static org.awaitility.Awaitility.await;

import energy.vgf.serde.SerdeConfig;
import energy.vgf.serde.kafka.VgfAvroDeserializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.awaitility.core.ConditionTimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a topic from the beginning, decoded through the registry, until a condition holds. */
final class TopicReader {
  private TopicReader() {}

  /** Every record of {@code topic} (read_committed) read until {@code until} holds, or fails after {@code deadline}. */
  @SuppressWarnings("unchecked")
  static <T> List<T> readUntil(String bootstrap, String registryUrl, String topic, Duration deadline,
      Predicate<List<T>> until) {
    List<T> out = new ArrayList<>();
    try (KafkaConsumer<String, Object> c = consumer(bootstrap, registryUrl)) {
      List<TopicPartition> parts = c.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      try {
        await().atMost(deadline).pollInterval(Duration.ofMillis(50)).until(() -> {
          for (ConsumerRecord<String, Object> r : c.poll(Duration.ofMillis(200))) {
            out.add((T) r.value());
          }
          return until.test(out);
        });
      } catch (ConditionTimeoutException e) {
        // What did arrive is the first thing to know when what was expected did not.
        throw new AssertionError(topic + ": condition not met within " + deadline + "; " + out.size()
            + " records read: " + out.stream().limit(40).map(String::valueOf).toList(), e);
      }
    }
    return out;
  }

  static KafkaConsumer<String, Object> consumer(String bootstrap, String registryUrl) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "e2e-reader-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    return new KafkaConsumer<>(p, new StringDeserializer(),
        new VgfAvroDeserializer<>(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, registryUrl), false));
  }
}
