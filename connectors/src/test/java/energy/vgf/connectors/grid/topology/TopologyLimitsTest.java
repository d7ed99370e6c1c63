package energy.vgf.connectors.grid.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import energy.vgf.connectors.source.FeedItem;
import energy.vgf.connectors.source.MappingException;
import energy.vgf.grid.ConstraintKind;
import energy.vgf.grid.GridConstraint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopologyLimitsTest {

  static String topology() {
    try (var in = TopologyLimitsTest.class.getResourceAsStream("/constructed/topology.yaml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void turnsKvaRatingsIntoKwLimitsAndListsTheSitesBeneath() {
    List<GridConstraint> c = TopologyLimits.map(TopologyLimits.parse(topology()), 0.95, Instant.EPOCH).stream()
        .map(i -> (GridConstraint) ((FeedItem.Mapped) i).value()).toList();

    assertThat(c).extracting(GridConstraint::getConstraintId).containsExactly("topology:feeder_limit:FDR-1203",
        "topology:transformer_limit:TX-1203-07", "topology:site_limit:depot-sj",
        "topology:transformer_limit:TX-1203-09", "topology:site_limit:depot-sj-west");
    GridConstraint feeder = c.get(0);
    assertThat(feeder.getKind()).isEqualTo(ConstraintKind.FEEDER_LIMIT);
    // 10000 kVA at the file's power factor 0.9
    assertThat(feeder.getImportLimitKw()).isCloseTo(9000.0, within(1e-9));
    assertThat(feeder.getSiteIds()).containsExactly("depot-sj", "depot-sj-annex", "depot-sj-west");
    GridConstraint tx = c.get(1);
    assertThat(tx.getImportLimitKw()).isCloseTo(1350.0, within(1e-9));
    assertThat(tx.getExportLimitKw()).isCloseTo(675.0, within(1e-9));
    assertThat(tx.getSiteIds()).containsExactly("depot-sj", "depot-sj-annex");
    GridConstraint site = c.get(2);
    assertThat(site.getKind()).isEqualTo(ConstraintKind.SITE_LIMIT);
    assertThat(site.getImportLimitKw()).isEqualTo(1200.0);
    assertThat(site.getExportLimitKw()).isEqualTo(400.0);
    assertThat(c.get(4).getExportLimitKw()).isNull();
    assertThat(c).allSatisfy(g -> {
      assertThat(g.getIssuedAt()).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
      assertThat(g.getValidFrom()).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
      assertThat(g.getValidTo()).isEqualTo(TopologyLimits.OPEN_END);
      assertThat(g.getSource()).isEqualTo("topology-file");
    });
  }

  @Test
  void rejectsATransformerWithANegativeRatingAndKeepsTheRest() {
    List<FeedItem> out = TopologyLimits.map(TopologyLimits.parse(topology().replace("rating_kva: 500",
        "rating_kva: -500")), 0.95, Instant.EPOCH);
    assertThat(out).filteredOn(i -> i instanceof FeedItem.Rejected).singleElement()
        .satisfies(i -> assertThat(((FeedItem.Rejected) i).reason()).contains("TX-1203-09").isNotNull()
            .contains("rating_kva -500.0 must be positive"));
    assertThat(out).filteredOn(i -> i instanceof FeedItem.Mapped).hasSize(3);
  }

  @Test
  void refusesAFileWithoutFeeders() {
    assertThatThrownBy(() -> TopologyLimits.parse("sites: []")).isInstanceOf(MappingException.class)
        .hasMessageContaining("feeders");
  }
}
