package energy.vgf.serde.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistryClientConfigTest {

  @Test
  void acceptsSeveralUrlsAndTrimsTrailingSlashes() {
    RegistryClientConfig config = RegistryClientConfig.fromMap(
        Map.of("schema.registry.url", "http://a:8081/, http://b:8081"));
    assertThat(config.urls()).extracting(Object::toString).containsExactly("http://a:8081", "http://b:8081");
  }

  @Test
  void namesTheKeyWhenAValueIsWrong() {
    assertThatThrownBy(() -> RegistryClientConfig.fromMap(Map.of())).hasMessageContaining("schema.registry.url");
    assertThatThrownBy(() -> RegistryClientConfig.fromMap(Map.of("schema.registry.url", "kafka:9092")))
        .hasMessageContaining("http(s)");
    assertThatThrownBy(() -> RegistryClientConfig.fromMap(Map.of("schema.registry.url", "http://a",
        "basic.auth.user.info", "nocolon"))).hasMessageContaining("user:password");
  }

  @Test
  void neverPrintsTheCredentials() {
    RegistryClientConfig config = RegistryClientConfig.fromMap(Map.of("schema.registry.url", "http://a",
        "basic.auth.user.info", "ops:hunter2"));
    assertThat(config.toString()).doesNotContain("hunter2");
  }
}
