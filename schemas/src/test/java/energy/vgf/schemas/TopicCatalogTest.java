package energy.vgf.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopicCatalogTest {

  @Test
  void everyTopicCarriesAnExistingContract() {
    for (TopicSpec topic : TopicCatalog.load().topics()) {
      assertThat(TopicCatalogTest.class.getResource("/avro/" + topic.valueRecord() + ".avsc"))
          .as("schema of topic %s", topic.name())
          .isNotNull();
    }
  }

  @Test
  void constantsNameExactlyTheCataloguedTopics() throws IllegalAccessException {
    List<String> constants = new ArrayList<>();
    for (Field field : Topics.class.getDeclaredFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
        constants.add((String) field.get(null));
      }
    }
    assertThat(constants).containsExactlyInAnyOrderElementsOf(
        TopicCatalog.load().topics().stream().map(TopicSpec::name).toList());
  }

  @Test
  void enrolmentTopicIsCompactedSoChargersAreNeverForgotten() {
    assertThat(TopicCatalog.load().topic(Topics.CHARGER_ENROLLMENT).cleanupPolicy()).isEqualTo("compact");
  }

  @Test
  void rejectsATopicWithoutAValueRecord() {
    String yaml = "topics:\n  - name: t\n    key: k\n";
    assertThatThrownBy(() -> TopicCatalog.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))))
        .hasMessageContaining("topics[0].value is missing");
  }

  @Test
  void rejectsAnUnknownCleanupPolicy() {
    String yaml = "topics:\n  - name: t\n    key: k\n    value: V\n    cleanup_policy: forever\n";
    assertThatThrownBy(() -> TopicCatalog.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))))
        .hasMessageContaining("cleanup_policy must be");
  }
}
