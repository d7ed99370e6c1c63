package energy.vgf.kafka;

import energy.vgf.schemas.TopicSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates the catalogue's topics on any cluster (embedded or real), with their configs. */
public final class TopicAdmin {

  private final Admin admin;

  public TopicAdmin(Admin admin) {
    this.admin = admin;
  }

  /**
   * Creates the topics that are missing, with the replication factor capped at the cluster size so
   * that the same catalogue works on one embedded broker and on a three-broker cluster.
   *
   * @return the names of the topics created
   */
  public List<String> createMissing(Collection<TopicSpec> specs) {
    try {
      Set<String> existing = admin.listTopics().names().get();
      int brokers = admin.describeCluster().nodes().get().size();
      List<NewTopic> toCreate = new ArrayList<>();
      for (TopicSpec spec : specs) {
        if (!existing.contains(spec.name())) {
          short replication = (short) Math.min(spec.replicationFactor(), Math.max(1, brokers));
          toCreate.add(new NewTopic(spec.name(), spec.partitions(), replication).configs(spec.configs()));
        }
      }
      if (!toCreate.isEmpty()) {
        try {
          admin.createTopics(toCreate).all().get();
        } catch (ExecutionException e) {
          // Another process (a second registry, a concurrent CLI) may have won the race.
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
        }
      }
      return toCreate.stream().map(NewTopic::name).toList();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot create topics: " + e.getCause().getMessage(), e.getCause());
    }
  }
}
