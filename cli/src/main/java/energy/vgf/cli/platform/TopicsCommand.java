package energy.vgf.cli.platform;

import energy.vgf.kafka.TopicAdmin;
import energy.vgf.schemas.TopicCatalog;
import energy.vgf.schemas.TopicSpec;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "topics", mixinStandardHelpOptions = true,
    description = "Lists the topic catalogue (and which topics exist on a cluster), or creates the missing ones.")
public final class TopicsCommand implements Callable<Integer> {

  @Parameters(index = "0", description = "list | create")
  String action;

  @Option(names = "--bootstrap", description = "Kafka bootstrap servers. For list, omit to print the catalogue only.")
  String bootstrap;

  @Override
  public Integer call() throws Exception {
    List<TopicSpec> topics = TopicCatalog.load().topics();
    switch (action) {
      case "list" -> {
        Set<String> existing = bootstrap == null ? null : existingTopics();
        System.out.printf("%-26s %-11s %-20s %4s %-8s %-14s%s%n", "TOPIC", "KEY", "VALUE", "PART", "CLEANUP",
            "RETENTION_MS", existing == null ? "" : " ON CLUSTER");
        for (TopicSpec t : topics) {
          System.out.printf("%-26s %-11s %-20s %4d %-8s %-14d%s%n", t.name(), t.key(), t.valueRecord(), t.partitions(),
              t.cleanupPolicy(), t.retentionMs(), existing == null ? "" : existing.contains(t.name()) ? " yes" : " MISSING");
        }
        return 0;
      }
      case "create" -> {
        try (Admin admin = admin()) {
          List<String> created = new TopicAdmin(admin).createMissing(topics);
          System.out.println(created.isEmpty() ? "all " + topics.size() + " catalogue topics already exist"
              : "created " + created.size() + " topic(s): " + String.join(", ", created));
        }
        return 0;
      }
      default -> throw new IllegalArgumentException("unknown action '" + action + "': use list or create");
    }
  }

  private Set<String> existingTopics() throws Exception {
    try (Admin admin = admin()) {
      return admin.listTopics().names().get(30, TimeUnit.SECONDS);
    }
  }

  private Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap == null ? "127.0.0.1:9092" : bootstrap,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30000));
  }
}
