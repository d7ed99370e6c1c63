package energy.vgf.connectors.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import energy.vgf.connectors.market.caiso.CaisoSourceConnector;
import energy.vgf.connectors.telematics.samsara.SamsaraSourceConnector;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

class FeedSourceConnectorTest {

  @Test
  void spreadsNodesOverTasks() {
    CaisoSourceConnector c = new CaisoSourceConnector();
    c.start(Map.of("caiso.nodes", "A,B,C"));
    List<Map<String, String>> tasks = c.taskConfigs(2);
    assertThat(tasks).extracting(t -> t.get("caiso.nodes")).containsExactly("A,C", "B");
  }

  @Test
  void rejectsAStartWithoutTheRequiredSecretNamingTheKey() {
    assertThatThrownBy(() -> new SamsaraSourceConnector().start(Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("samsara.api.token");
  }

  @Test
  void rejectsAnUnknownMarketNamingTheAllowedOnes() {
    assertThatThrownBy(() -> new CaisoSourceConnector().start(Map.of("caiso.nodes", "A", "caiso.markets", "HASP")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("caiso.markets").hasMessageContaining("[DAM, RTM]");
  }

  @Test
  void keepsSecretsAsPasswordsAndRecommendsChoices() {
    ConfigDef def = new SamsaraSourceConnector().config();
    assertThat(def.configKeys().get("samsara.api.token").type).isEqualTo(ConfigDef.Type.PASSWORD);
    ConfigValue types = def.validate(Map.of("samsara.api.token", "x")).stream()
        .filter(v -> v.name().equals("samsara.stat.types")).findFirst().orElseThrow();
    assertThat(types.recommendedValues()).contains("evStateOfChargeMilliPercent", "gps");
    assertThat(def.configKeys().values()).allSatisfy(k -> {
      assertThat(k.documentation).isNotBlank();
      assertThat(k.group).isNotBlank();
      assertThat(k.displayName).isNotBlank();
    });
  }
}
