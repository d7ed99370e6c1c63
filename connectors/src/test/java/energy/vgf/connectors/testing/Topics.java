package energy.vgf.connectors.testing;

import energy.vgf.serde.kafka.VgfAvroDeserializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Test topics (one per test, so tests sharing the JVM's broker never see each other's records) and reading them. */
public final class Topics {

  private static final AtomicInteger SEQ = new AtomicInteger();

  private Topics() {}

  /** Creates a fresh topic with one partition (so records keep their production order) and infinite retention. */
  public static String create(String bootstrap, String prefix) {
    String name = prefix + "." + ProcessHandle.current().pid() + "." + SEQ.incrementAndGet();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      admin.createTopics(List.of(new NewTopic(name, 1, (short) 1).configs(Map.of("retention.ms", "-1"))))
          .all().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot create " + name, e);
    }
    return name;
  }

  /** Every record of the topic right now, in offset order, values as the generated specific classes. */
  public static <T> List<ConsumerRecord<String, T>> readAll(String bootstrap, String registryUrl, String topic) {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("enable.auto.commit", "false");
    p.put("isolation.level", "read_committed");
    try (KafkaConsumer<String, T> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
        new VgfAvroDeserializer<>(Map.of("schema.registry.url", registryUrl), false))) {
      TopicPartition tp = new TopicPartition(topic, 0);
      consumer.assign(List.of(tp));
      consumer.seekToBeginning(List.of(tp));
      long end = consumer.endOffsets(List.of(tp)).get(tp);
      List<ConsumerRecord<String, T>> out = new ArrayList<>();
      while (consumer.position(tp) < end) {
        for (ConsumerRecord<String, T> r : consumer.poll(Duration.ofMillis(200))) {
          out.add(r);
        }
      }
      return out;
    }
  }

  public static <T> List<T> values(String bootstrap, String registryUrl, String topic) {
    List<ConsumerRecord<String, T>> all = readAll(bootstrap, registryUrl, topic);
    return all.stream().map(ConsumerRecord::value).toList();
  }
}
