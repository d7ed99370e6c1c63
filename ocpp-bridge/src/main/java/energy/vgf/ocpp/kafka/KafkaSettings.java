package energy.vgf.ocpp.kafka;

import energy.vgf.serde.SerdeConfig;
import energy.vgf.serde.kafka.VgfAvroDeserializer;
import energy.vgf.serde.kafka.VgfAvroSerializer;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Where the bridge's Kafka and schema registry are.
 *
 * @param instanceIndex this bridge's index among {@code instanceCount} instances: it consumes the setpoint
 *     partitions p with {@code p % instanceCount == instanceIndex} (see README, "Scaling")
 */
public record KafkaSettings(String bootstrapServers, String registryUrl, String clientId, int instanceIndex,
    int instanceCount) {

  public KafkaSettings {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("bootstrap servers must be set, e.g. 127.0.0.1:9092");
    }
    if (registryUrl == null || registryUrl.isBlank()) {
      throw new IllegalArgumentException("schema registry URL must be set, e.g. http://127.0.0.1:8081");
    }
    if (instanceCount < 1 || instanceIndex < 0 || instanceIndex >= instanceCount) {
      throw new IllegalArgumentException("instanceIndex " + instanceIndex + " must be in [0, " + instanceCount + ")");
    }
  }

  public static KafkaSettings of(String bootstrapServers, String registryUrl) {
    return new KafkaSettings(bootstrapServers, registryUrl, "vgf-ocpp-bridge", 0, 1);
  }

  Map<String, Object> producer() {
    Map<String, Object> p = new HashMap<>();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId + "-producer");
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, VgfAvroSerializer.class);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.put(SerdeConfig.SCHEMA_REGISTRY_URL, registryUrl);
    return p;
  }

  Map<String, Object> consumer(boolean rawValues) {
    Map<String, Object> c = new HashMap<>();
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    c.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-consumer-" + instanceIndex);
    c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
        rawValues ? ByteArrayDeserializer.class : VgfAvroDeserializer.class);
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    c.put(SerdeConfig.SCHEMA_REGISTRY_URL, registryUrl);
    return c;
  }
}
