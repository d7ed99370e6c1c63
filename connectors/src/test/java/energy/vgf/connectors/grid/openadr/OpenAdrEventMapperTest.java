package energy.vgf.connectors.grid.openadr;

import static org.assertj.core.api.Assertions.assertThat;

import energy.vgf.connectors.source.FeedItem;
import energy.vgf.connectors.source.JsonPayloads;
import energy.vgf.connectors.testing.ReplayServer;
import energy.vgf.grid.ConstraintKind;
import energy.vgf.grid.GridConstraint;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OpenAdrEventMapperTest {

  private final OpenAdrEventMapper mapper = new OpenAdrEventMapper(Map.of("1211", "depot-nl-1"),
      Set.of("IMPORT_CAPACITY_LIMIT", "CONSUMPTION_POWER_LIMIT"), Set.of("EXPORT_CAPACITY_LIMIT"));

  private List<GridConstraint> map(String sample) throws Exception {
    return mapper.map(JsonPayloads.MAPPER.readTree(ReplayServer.sample(sample))).stream()
        .map(i -> (GridConstraint) ((FeedItem.Mapped) i).value()).toList();
  }

  @Test
  void mapsThe30PowerLimitIntervalsToSiteImportLimits() throws Exception {
    List<GridConstraint> c = map("openadr3/event_3.0_power_limit_fixture_style.json");

    assertThat(c).hasSize(2);
    assertThat(c).allSatisfy(x -> {
      assertThat(x.getKind()).isEqualTo(ConstraintKind.SITE_LIMIT);
      assertThat(x.getScopeId()).isEqualTo("depot-nl-1");
      assertThat(x.getSiteIds()).containsExactly("depot-nl-1");
      assertThat(x.getProgramId()).isEqualTo("69");
      assertThat(x.getSource()).isEqualTo("openadr3");
      assertThat(x.getIssuedAt()).isEqualTo(Instant.parse("2024-08-15T08:53:41.127Z"));
    });
    // intervalPeriod start 10:00Z, PT15M: interval 0 = 10:00-10:15 at 250 kW, interval 1 = 10:15-10:30 at 180 kW.
    assertThat(c.get(0).getValidFrom()).isEqualTo(Instant.parse("2024-08-15T10:00:00Z"));
    assertThat(c.get(0).getValidTo()).isEqualTo(Instant.parse("2024-08-15T10:15:00Z"));
    assertThat(c.get(0).getImportLimitKw()).isEqualTo(250.0);
    assertThat(c.get(1).getValidFrom()).isEqualTo(Instant.parse("2024-08-15T10:15:00Z"));
    assertThat(c.get(1).getImportLimitKw()).isEqualTo(180.0);
    assertThat(c.get(0).getConstraintId()).isEqualTo("openadr3:37:0:CONSUMPTION_POWER_LIMIT");
  }

  @Test
  void mapsThe31PriceEventWithStringTargetsToDemandResponseEvents() throws Exception {
    List<GridConstraint> c = map("openadr3/event_3.1_price_reconstructed.json");

    assertThat(c).hasSize(8);
    assertThat(c).allSatisfy(x -> {
      assertThat(x.getKind()).isEqualTo(ConstraintKind.DEMAND_RESPONSE_EVENT);
      assertThat(x.getScopeId()).isEqualTo("group-1");
      assertThat(x.getProgramId()).isEqualTo("program-999");
      assertThat(x.getImportLimitKw()).isNull();
    });
    assertThat(c).extracting(GridConstraint::getPaymentPerKwh)
        .containsExactly(0.17, 0.16, 0.15, 0.15, 0.16, 0.19, 0.24, 0.31);
    assertThat(c.get(7).getValidFrom()).isEqualTo(Instant.parse("2026-11-26T07:00:00Z"));
    assertThat(c.get(7).getValidTo()).isEqualTo(Instant.parse("2026-11-26T08:00:00Z"));
  }

  @Test
  void rejectsAnEventWithoutIntervals() throws Exception {
    List<FeedItem> items = mapper.map(JsonPayloads.MAPPER.readTree("""
        {"id":"e1","programID":"p","createdDateTime":"2026-01-01T00:00:00Z","targets":["g"],"intervals":[]}"""));
    assertThat(items).singleElement().isInstanceOf(FeedItem.Rejected.class);
    assertThat(((FeedItem.Rejected) items.get(0)).reason()).contains("OpenADR event e1: event has no intervals");
  }

  @Test
  void readsAnInfiniteDurationAsAnOpenEnd() throws Exception {
    List<FeedItem> items = mapper.map(JsonPayloads.MAPPER.readTree("""
        {"id":"e2","programID":"p","createdDateTime":"2026-01-01T00:00:00Z","targets":["g"],
         "intervalPeriod":{"start":"2026-01-01T00:00:00Z","duration":"P9999Y"},
         "intervals":[{"id":0,"payloads":[{"type":"IMPORT_CAPACITY_LIMIT","values":[400]}]}]}"""));
    GridConstraint c = (GridConstraint) ((FeedItem.Mapped) items.get(0)).value();
    assertThat(c.getValidTo()).isEqualTo(OpenAdrEventMapper.OPEN_END);
    assertThat(c.getImportLimitKw()).isEqualTo(400.0);
  }
}
