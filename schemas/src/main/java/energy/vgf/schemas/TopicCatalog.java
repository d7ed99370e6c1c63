package energy.vgf.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The topic catalogue ({@code schemas/topics.yaml}), read by every component that creates, produces
 * to or consumes from the platform's topics, so that names and settings live in one place.
 */
public final class TopicCatalog {

  public static final String RESOURCE = "/topics.yaml";

  private static volatile TopicCatalog defaultCatalog;

  private final Map<String, TopicSpec> topicsByName;

  private TopicCatalog(Map<String, TopicSpec> topicsByName) {
    this.topicsByName = Collections.unmodifiableMap(topicsByName);
  }

  /** The catalogue shipped in this jar. */
  public static TopicCatalog load() {
    TopicCatalog catalog = defaultCatalog;
    if (catalog == null) {
      try (InputStream in = TopicCatalog.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("topic catalogue " + RESOURCE + " is missing from the classpath");
        }
        catalog = parse(in);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read topic catalogue " + RESOURCE, e);
      }
      defaultCatalog = catalog;
    }
    return catalog;
  }

  @SuppressWarnings("unchecked")
  static TopicCatalog parse(InputStream yamlStream) {
    Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yamlStream);
    if (!(root instanceof Map<?, ?>)) {
      throw new IllegalArgumentException("topic catalogue: expected a mapping at the top level");
    }
    Map<String, Object> rootMap = (Map<String, Object>) root;
    Map<String, Object> defaults = (Map<String, Object>) rootMap.getOrDefault("defaults", Map.of());
    int defaultPartitions = ((Number) defaults.getOrDefault("partitions", 1)).intValue();
    short defaultReplication = ((Number) defaults.getOrDefault("replication_factor", 1)).shortValue();
    List<Map<String, Object>> topics = (List<Map<String, Object>>) rootMap.get("topics");
    if (topics == null) {
      throw new IllegalArgumentException("topic catalogue: 'topics' list is missing");
    }
    Map<String, TopicSpec> byName = new LinkedHashMap<>();
    for (int i = 0; i < topics.size(); i++) {
      Map<String, Object> t = topics.get(i);
      String name = required(t, "name", i);
      TopicSpec spec = new TopicSpec(
          name,
          required(t, "key", i),
          required(t, "value", i),
          ((Number) t.getOrDefault("partitions", defaultPartitions)).intValue(),
          ((Number) t.getOrDefault("replication_factor", defaultReplication)).shortValue(),
          String.valueOf(t.getOrDefault("cleanup_policy", "delete")),
          ((Number) t.getOrDefault("retention_ms", -1)).longValue(),
          String.valueOf(t.getOrDefault("doc", "")));
      if (byName.put(name, spec) != null) {
        throw new IllegalArgumentException("topic catalogue: topic " + name + " is listed twice");
      }
    }
    return new TopicCatalog(byName);
  }

  private static String required(Map<String, Object> topic, String key, int index) {
    Object value = topic.get(key);
    if (value == null || value.toString().isBlank()) {
      throw new IllegalArgumentException("topic catalogue: topics[" + index + "]." + key + " is missing");
    }
    return value.toString();
  }

  public List<TopicSpec> topics() {
    return new ArrayList<>(topicsByName.values());
  }

  public TopicSpec topic(String name) {
    TopicSpec spec = topicsByName.get(name);
    if (spec == null) {
      throw new NoSuchElementException("no topic " + name + " in the catalogue; known: " + topicsByName.keySet());
    }
    return spec;
  }

  /** The topic whose values are the given Avro record (simple name, e.g. VehicleTelemetry). */
  public TopicSpec topicForRecord(String recordName) {
    return topicsByName.values().stream()
        .filter(t -> t.valueRecord().equals(recordName))
        .findFirst()
        .orElseThrow(() -> new NoSuchElementException("no topic carries " + recordName));
  }
}
