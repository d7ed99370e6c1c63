package energy.vgf.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Settings of a registry instance, validated when built so that a bad value fails at start-up with
 * a message that names it.
 *
 * @param host interface to bind (127.0.0.1 unless deliberately exposed)
 * @param port HTTP port, 0 for any free one
 * @param bootstrapServers Kafka cluster holding the schema topic
 * @param topic the compacted schema topic
 * @param defaultCompatibility global level until one is set through the API
 * @param users Basic-auth users (name to password); empty disables authentication
 * @param timeout how long a request may wait on Kafka
 * @param kafkaClientConfig extra Kafka client settings (security.protocol, sasl.*, ssl.*)
 */
public record RegistryConfig(
    String host,
    int port,
    String bootstrapServers,
    String topic,
    CompatibilityLevel defaultCompatibility,
    Map<String, String> users,
    Duration timeout,
    Map<String, Object> kafkaClientConfig) {

  public static final String DEFAULT_TOPIC = "_schemas";

  public RegistryConfig {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("registry port must be 0-65535, got " + port);
    }
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("registry needs Kafka: set --bootstrap host:port");
    }
    if (topic == null || topic.isBlank()) {
      throw new IllegalArgumentException("registry topic must not be empty");
    }
    users = Map.copyOf(users);
    kafkaClientConfig = Map.copyOf(kafkaClientConfig);
  }

  public static RegistryConfig local(String bootstrapServers) {
    return new RegistryConfig("127.0.0.1", 0, bootstrapServers, DEFAULT_TOPIC, CompatibilityLevel.BACKWARD,
        Map.of(), Duration.ofSeconds(30), Map.of());
  }

  public RegistryConfig withPort(int newPort) {
    return new RegistryConfig(host, newPort, bootstrapServers, topic, defaultCompatibility, users, timeout,
        kafkaClientConfig);
  }

  public RegistryConfig withUsers(Map<String, String> newUsers) {
    return new RegistryConfig(host, port, bootstrapServers, topic, defaultCompatibility, newUsers, timeout,
        kafkaClientConfig);
  }

  public RegistryConfig withTopic(String newTopic) {
    return new RegistryConfig(host, port, bootstrapServers, newTopic, defaultCompatibility, users, timeout,
        kafkaClientConfig);
  }

  /** Reads {@code user:password} lines (blank lines and # comments ignored). */
  public static Map<String, String> readUsers(Path file) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      Map<String, String> users = new LinkedHashMap<>();
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i).trim();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        int colon = line.indexOf(':');
        if (colon <= 0 || colon == line.length() - 1) {
          throw new IllegalArgumentException(file + " line " + (i + 1) + ": expected user:password");
        }
        users.put(line.substring(0, colon), line.substring(colon + 1));
      }
      return users;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the users file " + file, e);
    }
  }

  @Override
  public String toString() {
    return "RegistryConfig[host=" + host + ", port=" + port + ", bootstrap=" + bootstrapServers + ", topic=" + topic
        + ", defaultCompatibility=" + defaultCompatibility + ", users=" + users.keySet() + "]";
  }
}
