package energy.vgf.flink.ingest;

import energy.vgf.flink.config.JobConfig;
import energy.vgf.serde.flink.RegistryAvroSerializationSchema;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Kafka sinks of Avro records in the registry's wire format, keyed as the topic catalogue says. */
public final class KafkaSinks {

  /** The record key of a topic, e.g. charger_id for setpoints. */
  @FunctionalInterface
  public interface KeyExtractor<T> extends Serializable {
    String key(T record);
  }

  private KafkaSinks() {
  }

  /**
   * Exactly-once (transactional, committed on each checkpoint) unless {@code delivery.guarantee} says
   * otherwise. {@code name} makes the transactional id unique per sink: two sinks sharing a prefix would
   * fence each other's producers.
   */
  public static <T extends SpecificRecord> KafkaSink<T> avro(JobConfig config, String name, String topic,
                                                             KeyExtractor<T> key) {
    return KafkaSink.<T>builder()
        .setBootstrapServers(config.bootstrapServers())
        .setKafkaProducerConfig(producerProperties(config))
        .setDeliveryGuarantee(config.exactlyOnce() ? DeliveryGuarantee.EXACTLY_ONCE : DeliveryGuarantee.AT_LEAST_ONCE)
        .setTransactionalIdPrefix(config.transactionalIdPrefix() + "-" + name)
        .setRecordSerializer(new AvroRecordSerializer<>(topic, config.serdeConfig(), key))
        .build();
  }

  /** Producer settings: the {@code kafka.*} pass-through (SASL/TLS, ...) plus defaults it may override. */
  public static Properties producerProperties(JobConfig config) {
    Properties p = new Properties();
    p.putAll(config.kafkaProperties());
    // Below the broker's transaction.max.timeout.ms (15 min by default), above any checkpoint interval.
    p.putIfAbsent("transaction.timeout.ms", "600000");
    p.putIfAbsent("compression.type", "lz4");
    return p;
  }

  static final class AvroRecordSerializer<T extends SpecificRecord> implements KafkaRecordSerializationSchema<T> {
    private static final long serialVersionUID = 1L;
    private final String topic;
    private final RegistryAvroSerializationSchema<T> value;
    private final KeyExtractor<T> key;

    AvroRecordSerializer(String topic, Map<String, String> serdeConfig, KeyExtractor<T> key) {
      this.topic = topic;
      this.value = new RegistryAvroSerializationSchema<>(topic, serdeConfig);
      this.key = key;
    }

    @Override
    public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
      value.open(context);
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext context, Long timestamp) {
      String k = key.key(element);
      // No explicit record timestamp: the producer's clock. Event times live in the payload, and dead
      // letters carry no usable element timestamp.
      return new ProducerRecord<>(topic, null, null, k == null ? null : k.getBytes(StandardCharsets.UTF_8),
          value.serialize(element));
    }
  }
}
