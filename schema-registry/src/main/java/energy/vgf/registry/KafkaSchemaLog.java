package energy.vgf.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's only storage: a single-partition compacted topic whose records (keys and values in
 * the JSON layout of Confluent's {@code _schemas} topic) are applied in order to a
 * {@link SchemaStore}. A background thread follows the topic; writers produce and then wait until
 * their own record has been applied, which gives read-your-writes and one agreed order across
 * instances.
 */
final class KafkaSchemaLog implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaSchemaLog.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String topic;
  private final TopicPartition partition;
  private final SchemaStore store;
  private final Admin admin;
  private final KafkaProducer<String, String> producer;
  private final KafkaConsumer<String, String> consumer;
  private final Thread reader;
  private final Duration timeout;
  private final Object applied = new Object();
  private long nextOffsetToApply;
  private volatile boolean running = true;
  private volatile RuntimeException readerFailure;

  KafkaSchemaLog(String bootstrapServers, String topic, SchemaStore store, Duration timeout,
      Map<String, Object> extraClientConfig) {
    this.topic = topic;
    this.partition = new TopicPartition(topic, 0);
    this.store = store;
    this.timeout = timeout;
    Map<String, Object> common = new java.util.HashMap<>(extraClientConfig);
    common.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    this.admin = Admin.create(common);
    ensureTopic();

    Map<String, Object> producerConfig = new java.util.HashMap<>(common);
    producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
    producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    this.producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer());

    Map<String, Object> consumerConfig = new java.util.HashMap<>(common);
    consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    this.consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer());
    consumer.assign(List.of(partition));
    consumer.seekToBeginning(List.of(partition));

    this.reader = new Thread(this::follow, "schema-registry-log-reader");
    reader.setDaemon(true);
    reader.start();
  }

  private void ensureTopic() {
    try {
      Set<String> names = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (names.contains(topic)) {
        return;
      }
      int brokers = admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
      NewTopic newTopic = new NewTopic(topic, 1, (short) Math.min(3, Math.max(1, brokers)))
          .configs(Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "0"));
      admin.createTopics(List.of(newTopic)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      LOG.info("created schema topic {}", topic);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("cannot create the schema topic " + topic + ": " + e.getCause().getMessage(), e);
      }
    } catch (TimeoutException e) {
      throw new IllegalStateException("Kafka did not answer within " + timeout + " while preparing topic " + topic
          + ": check --bootstrap", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private void follow() {
    try {
      while (running) {
        var records = consumer.poll(Duration.ofMillis(200));
        long position = consumer.position(partition);
        synchronized (applied) {
          for (ConsumerRecord<String, String> record : records) {
            apply(record);
          }
          nextOffsetToApply = position;
          applied.notifyAll();
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      readerFailure = e;
      LOG.error("schema log reader stopped: {}. The registry cannot serve consistent answers; restart it.", e.toString());
      synchronized (applied) {
        applied.notifyAll();
      }
    } finally {
      consumer.close();
    }
  }

  /** Applies one record; malformed records are skipped with a warning rather than stopping the registry. */
  private void apply(ConsumerRecord<String, String> record) {
    try {
      JsonNode key = JSON.readTree(record.key());
      String keyType = key.path("keytype").asText();
      switch (keyType) {
        case "SCHEMA" -> {
          String subject = key.path("subject").asText();
          int version = key.path("version").asInt();
          if (record.value() == null) {
            store.applySchemaTombstone(subject, version);
          } else {
            JsonNode value = JSON.readTree(record.value());
            store.applySchema(new SchemaStore.SubjectVersion(subject, version, value.path("id").asInt(),
                value.path("schema").asText(), value.path("deleted").asBoolean(false)));
          }
        }
        case "CONFIG" -> {
          String subject = key.hasNonNull("subject") ? key.get("subject").asText() : null;
          CompatibilityLevel level = record.value() == null ? null
              : CompatibilityLevel.parse(JSON.readTree(record.value()).path("compatibilityLevel").asText());
          store.applyConfig(subject, level);
        }
        default -> { }
      }
    } catch (Exception e) {
      LOG.warn("skipping malformed record at {}-{} offset {}: {}", record.topic(), record.partition(),
          record.offset(), e.getMessage());
    }
  }

  Object lock() {
    return applied;
  }

  /** Writes a schema record and waits until it has been applied here. */
  void writeSchema(SchemaStore.SubjectVersion version) {
    ObjectNode key = JSON.createObjectNode().put("keytype", "SCHEMA").put("subject", version.subject())
        .put("version", version.version()).put("magic", 1);
    ObjectNode value = JSON.createObjectNode().put("subject", version.subject()).put("version", version.version())
        .put("id", version.id()).put("schema", version.schema()).put("deleted", version.deleted());
    writeAndAwait(key.toString(), value.toString());
  }

  void writeSchemaTombstone(String subject, int version) {
    ObjectNode key = JSON.createObjectNode().put("keytype", "SCHEMA").put("subject", subject)
        .put("version", version).put("magic", 1);
    writeAndAwait(key.toString(), null);
  }

  void writeConfig(String subject, CompatibilityLevel level) {
    ObjectNode key = JSON.createObjectNode().put("keytype", "CONFIG").put("magic", 0);
    if (subject == null) {
      key.putNull("subject");
    } else {
      key.put("subject", subject);
    }
    String value = level == null ? null
        : JSON.createObjectNode().put("compatibilityLevel", level.name()).toString();
    writeAndAwait(key.toString(), value);
  }

  private void writeAndAwait(String key, String value) {
    long offset;
    try {
      offset = producer.send(new ProducerRecord<>(topic, 0, key, value)).get(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .offset();
    } catch (ExecutionException | TimeoutException e) {
      throw new RegistryException(RegistryException.STORE_ERROR, "Error while writing to the schema topic "
          + topic + ": " + (e.getCause() == null ? e : e.getCause()).getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryException(RegistryException.STORE_ERROR, "interrupted while writing the schema topic");
    }
    awaitApplied(offset);
  }

  /** Waits until everything in the topic now has been applied (reads see all earlier writes). */
  void syncToEnd() {
    Instant deadline = Instant.now().plus(timeout);
    while (true) {
      try {
        long end = admin.listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition)
            .get(timeout.toMillis(), TimeUnit.MILLISECONDS).offset();
        if (end > 0) {
          awaitApplied(end - 1);
        }
        return;
      } catch (ExecutionException | TimeoutException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        // Right after the topic is created its metadata may not have reached every listener yet.
        boolean retriable = cause instanceof RetriableException;
        if (!retriable || Instant.now().isAfter(deadline)) {
          throw new RegistryException(RegistryException.STORE_ERROR, "Kafka did not answer while reading the schema topic "
              + topic + ": " + cause.getMessage());
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new RegistryException(RegistryException.STORE_ERROR, "interrupted");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RegistryException(RegistryException.STORE_ERROR, "interrupted");
      }
    }
  }

  private void awaitApplied(long offset) {
    Instant deadline = Instant.now().plus(timeout);
    synchronized (applied) {
      while (nextOffsetToApply <= offset) {
        if (readerFailure != null) {
          throw new RegistryException(RegistryException.STORE_ERROR, "schema log reader failed: " + readerFailure.getMessage());
        }
        long waitMs = Duration.between(Instant.now(), deadline).toMillis();
        if (waitMs <= 0) {
          throw new RegistryException(RegistryException.OPERATION_TIMEOUT,
              "timed out waiting for the schema topic to catch up to offset " + offset);
        }
        try {
          applied.wait(waitMs);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new RegistryException(RegistryException.STORE_ERROR, "interrupted");
        }
      }
    }
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      reader.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close(Duration.ofSeconds(5));
    admin.close(Duration.ofSeconds(5));
  }
}
