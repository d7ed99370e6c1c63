package energy.vgf.connectors.source;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;

/**
 * Base of the VGF source connectors: validates the configuration at start and spreads a list-valued
 * key (nodes, locations, feeds) over up to tasks.max tasks; connectors without one run a single task.
 */
public abstract class FeedSourceConnector extends SourceConnector {

  public static final String VERSION = "0.1.0";

  private Map<String, String> props;

  /** The list key whose entries are spread over tasks, or null for a single task. */
  protected String taskSplitKey() {
    return null;
  }

  @Override
  public void start(Map<String, String> props) {
    new AbstractConfig(config(), props); // fail fast with the key, value and what is allowed
    this.props = Map.copyOf(props);
  }

  @Override
  public List<Map<String, String>> taskConfigs(int maxTasks) {
    String key = taskSplitKey();
    if (key == null) {
      return List.of(props);
    }
    List<String> entries = new AbstractConfig(config(), props).getList(key);
    int tasks = Math.max(1, Math.min(maxTasks, entries.size()));
    List<List<String>> groups = new ArrayList<>();
    for (int i = 0; i < tasks; i++) {
      groups.add(new ArrayList<>());
    }
    for (int i = 0; i < entries.size(); i++) {
      groups.get(i % tasks).add(entries.get(i));
    }
    List<Map<String, String>> configs = new ArrayList<>();
    for (List<String> group : groups) {
      Map<String, String> c = new HashMap<>(props);
      c.put(key, String.join(",", group));
      configs.add(c);
    }
    return configs;
  }

  @Override
  public void stop() {}

  @Override
  public String version() {
    return VERSION;
  }

  /**
   * Offsets are tokens of the source, so a task resumes exactly after a restart; with exactly.once.source.support
   * on a distributed worker the records and their offsets commit atomically.
   */
  @Override
  public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
    return ExactlyOnceSupport.SUPPORTED;
  }

  protected static ConfigDef copy(ConfigDef def) {
    return new ConfigDef(def);
  }
}
