package energy.vgf.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class CompatibilityLevelTest {

  static Schema record(String fields) {
    return new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":[" + fields + "]}");
  }

  static final Schema A = record("{\"name\":\"a\",\"type\":\"int\"}");
  static final Schema AB_DEFAULT = record("{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"b\",\"type\":\"int\",\"default\":0}");
  static final Schema AB = record("{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"b\",\"type\":\"int\"}");
  static final Schema B = record("{\"name\":\"b\",\"type\":\"int\",\"default\":1}");

  @Test
  void backwardRequiresDefaultsOnNewFields() {
    assertThat(CompatibilityLevel.BACKWARD.check(AB_DEFAULT, List.of(A))).isEmpty();
    assertThat(CompatibilityLevel.BACKWARD.check(AB, List.of(A))).singleElement().asString()
        .contains("READER_FIELD_MISSING_DEFAULT_VALUE");
  }

  @Test
  void forwardAllowsAddingButNotRemovingRequiredFields() {
    assertThat(CompatibilityLevel.FORWARD.check(AB, List.of(A))).isEmpty();
    assertThat(CompatibilityLevel.FORWARD.check(B, List.of(A))).isNotEmpty();
  }

  @Test
  void fullNeedsBothDirections() {
    assertThat(CompatibilityLevel.FULL.check(AB_DEFAULT, List.of(A))).isEmpty();
    assertThat(CompatibilityLevel.FULL.check(AB, List.of(A))).isNotEmpty();
  }

  @Test
  void nonTransitiveLevelsLookOnlyAtTheLatest() {
    // AB is backward compatible with AB (latest) but not with A (the oldest).
    assertThat(CompatibilityLevel.BACKWARD.check(AB, List.of(A, AB))).isEmpty();
    assertThat(CompatibilityLevel.BACKWARD_TRANSITIVE.check(AB, List.of(A, AB))).isNotEmpty();
  }

  @Test
  void noneAcceptsAnything() {
    assertThat(CompatibilityLevel.NONE.check(B, List.of(A, AB))).isEmpty();
  }

  @Test
  void parsesCaseInsensitivelyAndRejectsOthersWith42203() {
    assertThat(CompatibilityLevel.parse("full_transitive")).isEqualTo(CompatibilityLevel.FULL_TRANSITIVE);
    assertThatThrownBy(() -> CompatibilityLevel.parse("MOSTLY"))
        .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(42203));
  }
}
