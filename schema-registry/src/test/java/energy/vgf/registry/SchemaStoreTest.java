package energy.vgf.registry;

import static org.assertj.core.api.Assertions.assertThat;

import energy.vgf.registry.SchemaStore.SubjectVersion;
import org.junit.jupiter.api.Test;

/** The log-order rules that let instances agree without a leader. */
class SchemaStoreTest {

  @Test
  void firstRecordInTheLogWinsAnIdThatTwoInstancesChose() {
    SchemaStore store = new SchemaStore(CompatibilityLevel.BACKWARD);
    assertThat(store.applySchema(new SubjectVersion("a", 1, 1, "schema-A", false))).isTrue();
    assertThat(store.applySchema(new SubjectVersion("b", 1, 1, "schema-B", false))).isFalse();
    assertThat(store.schemaById(1)).contains("schema-A");
    assertThat(store.subjectExists("b", true)).isFalse();
    assertThat(store.nextId()).isEqualTo(2);
  }

  @Test
  void firstRecordWinsASubjectVersion() {
    SchemaStore store = new SchemaStore(CompatibilityLevel.BACKWARD);
    store.applySchema(new SubjectVersion("a", 1, 1, "schema-A", false));
    assertThat(store.applySchema(new SubjectVersion("a", 1, 2, "schema-A2", false))).isFalse();
    assertThat(store.version("a", 1)).map(SubjectVersion::id).contains(1);
  }

  @Test
  void softDeleteRewritesTheSameVersionAndTombstoneRemovesItButNotTheId() {
    SchemaStore store = new SchemaStore(CompatibilityLevel.BACKWARD);
    store.applySchema(new SubjectVersion("a", 1, 1, "schema-A", false));
    assertThat(store.applySchema(new SubjectVersion("a", 1, 1, "schema-A", true))).isTrue();
    assertThat(store.versions("a", false)).isEmpty();
    assertThat(store.nextVersion("a")).isEqualTo(2);
    store.applySchemaTombstone("a", 1);
    assertThat(store.versions("a", true)).isEmpty();
    assertThat(store.schemaById(1)).contains("schema-A");
  }

  @Test
  void subjectLevelOverridesGlobalUntilRemoved() {
    SchemaStore store = new SchemaStore(CompatibilityLevel.BACKWARD);
    store.applyConfig("a", CompatibilityLevel.NONE);
    assertThat(store.effectiveLevel("a")).isEqualTo(CompatibilityLevel.NONE);
    store.applyConfig(null, CompatibilityLevel.FULL);
    assertThat(store.effectiveLevel("b")).isEqualTo(CompatibilityLevel.FULL);
    store.applyConfig("a", null);
    assertThat(store.effectiveLevel("a")).isEqualTo(CompatibilityLevel.FULL);
  }
}
