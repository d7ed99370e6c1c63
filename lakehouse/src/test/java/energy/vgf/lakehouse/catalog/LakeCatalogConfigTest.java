package energy.vgf.lakehouse.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LakeCatalogConfigTest {

  @Test
  void defaultsToTheEmbeddedRestService() {
    LakeCatalogConfig c = LakeCatalogConfig.fromMap(Map.of());
    assertThat(c.kind()).isEqualTo(LakeCatalogConfig.Kind.REST);
    assertThat(c.uri()).isEqualTo("http://127.0.0.1:8181");
    assertThat(c.trinoCatalogProperties()).containsEntry("iceberg.catalog.type", "rest")
        .containsEntry("local.location", "/").containsEntry("fs.native-local.enabled", "true");
  }

  @Test
  void requiresAWarehouseForJdbc() {
    assertThatThrownBy(() -> LakeCatalogConfig.fromMap(Map.of("catalog.type", "jdbc",
        "catalog.uri", "jdbc:postgresql://127.0.0.1/x"))).hasMessageContaining("catalog.warehouse");
  }

  @Test
  void namesTheKeyOfAnUnknownType() {
    assertThatThrownBy(() -> LakeCatalogConfig.fromMap(Map.of("catalog.type", "hive")))
        .hasMessageContaining("catalog.type=hive").hasMessageContaining("rest, jdbc");
  }

  @Test
  void givesTrinoTheSameCatalogNameAsJavaForJdbc() {
    LakeCatalogConfig c = LakeCatalogConfig.jdbc("jdbc:postgresql://127.0.0.1:5432/lake", "file:///w", "u", "secret");
    assertThat(c.trinoCatalogProperties()).containsEntry("iceberg.jdbc-catalog.catalog-name", "vgf");
    assertThat(c.toString()).doesNotContain("secret");
  }
}
