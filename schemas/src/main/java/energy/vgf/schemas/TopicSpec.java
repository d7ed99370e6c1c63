package energy.vgf.schemas;

import java.util.Map;
import java.util.Objects;

/**
 * One topic of the catalogue: its name, what its key holds, the Avro record of its values and the
 * broker settings it is created with.
 */
public record TopicSpec(
    String name,
    String key,
    String valueRecord,
    int partitions,
    short replicationFactor,
    String cleanupPolicy,
    long retentionMs,
    String doc) {

  public TopicSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(valueRecord, "value");
    if (partitions < 1) {
      throw new IllegalArgumentException("topic " + name + ": partitions must be >= 1, got " + partitions);
    }
    if (!cleanupPolicy.equals("delete") && !cleanupPolicy.equals("compact")
        && !cleanupPolicy.equals("compact,delete")) {
      throw new IllegalArgumentException("topic " + name + ": cleanup_policy must be delete, compact or "
          + "compact,delete, got " + cleanupPolicy);
    }
  }

  /** Subject of the value schema under the TopicNameStrategy. */
  public String valueSubject() {
    return name + "-value";
  }

  /** Topic-level configs for AdminClient#createTopics. */
  public Map<String, String> configs() {
    return Map.of("cleanup.policy", cleanupPolicy, "retention.ms", Long.toString(retentionMs));
  }
}
