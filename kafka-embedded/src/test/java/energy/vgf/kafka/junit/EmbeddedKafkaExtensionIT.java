package energy.vgf.kafka.junit;

import static org.assertj.core.api.Assertions.assertThat;

import energy.vgf.schemas.Topics;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(EmbeddedKafkaExtension.class)
class EmbeddedKafkaExtensionIT {

  @Test
  void givesTheTestABrokerWithTheCatalogue() throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
        EmbeddedKafkaExtension.bootstrapServers()))) {
      assertThat(admin.listTopics().names().get()).contains(Topics.VEHICLE_TELEMETRY, Topics.DEAD_LETTER);
    }
  }
}
