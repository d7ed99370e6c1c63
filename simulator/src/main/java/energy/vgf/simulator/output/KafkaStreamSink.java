package energy.vgf.simulator.output;

import energy.vgf.schemas.TopicCatalog;
import energy.vgf.schemas.TopicSpec;
import energy.vgf.serde.SerdeConfig;
import energy.vgf.serde.kafka.VgfAvroSerializer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka output through the schema registry: each stream to its catalogue topic, keyed as the
 * catalogue says, record timestamp = the event time the record is emitted at (telemetry: its
 * {@code ts}; meter readings: interval end; prices and forecasts: publication), values in the Confluent wire format by the
 * platform's {@link VgfAvroSerializer} (subjects {@code <topic>-value}). Missing topics are created
 * with the catalogue's settings (retention -1: replayed event times are old).
 */
public final class KafkaStreamSink implements StreamSink {


  private static final Logger LOG = LoggerFactory.getLogger(KafkaStreamSink.class);

  private final KafkaProducer<String, SpecificRecord> producer;
  private final AtomicReference<Exception> failure = new AtomicReference<>();

  public KafkaStreamSink(String bootstrapServers, String registryUrl) {
    this(bootstrapServers, registryUrl, Map.of());
  }

  /** @param overrides extra producer settings (e.g. security), applied last */
  public KafkaStreamSink(String bootstrapServers, String registryUrl, Map<String, Object> overrides) {
    createTopics(bootstrapServers);
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, VgfAvroSerializer.class.getName());
    p.put(SerdeConfig.SCHEMA_REGISTRY_URL, registryUrl);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "vgf-simulator");
    p.putAll(overrides);
    this.producer = new KafkaProducer<>(p);
  }

  private static void createTopics(String bootstrapServers) {
    TopicCatalog catalog = TopicCatalog.load();
    List<NewTopic> topics = new ArrayList<>();
    for (Stream s : Stream.values()) {
      TopicSpec spec = catalog.topic(s.topic());
      topics.add(new NewTopic(spec.name(), spec.partitions(), spec.replicationFactor()).configs(spec.configs()));
    }
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    try (Admin admin = Admin.create(p)) {
      for (var e : admin.createTopics(topics).values().entrySet()) {
        try {
          e.getValue().get();
          LOG.info("created topic {}", e.getKey());
        } catch (ExecutionException ex) {
          if (!(ex.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException("cannot create topic " + e.getKey() + " on " + bootstrapServers + ": "
                + ex.getCause().getMessage() + " (create it with the catalogue settings, or check the broker)", ex.getCause());
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    }
  }

  @Override
  public void write(Stream stream, String key, long timestampMs, SpecificRecord value) {
    throwIfFailed();
    producer.send(new ProducerRecord<>(stream.topic(), null, timestampMs, key, value), (meta, e) -> {
      if (e != null) {
        failure.compareAndSet(null, e);
      }
    });
  }

  private void throwIfFailed() {
    Exception e = failure.get();
    if (e != null) {
      throw new IllegalStateException("producing to Kafka failed: " + e.getMessage()
          + " (check the broker and the schema registry)", e);
    }
  }

  @Override
  public void close() {
    try {
      producer.flush();
    } finally {
      producer.close();
    }
    throwIfFailed();
  }
}
