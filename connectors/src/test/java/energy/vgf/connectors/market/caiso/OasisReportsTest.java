package energy.vgf.connectors.market.caiso;

import static org.assertj.core.api.Assertions.assertThat;

import energy.vgf.connectors.source.FeedItem;
import energy.vgf.connectors.testing.ReplayServer;
import energy.vgf.connectors.testing.Zips;
import energy.vgf.market.Iso;
import energy.vgf.market.MarketPrice;
import energy.vgf.market.MarketType;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class OasisReportsTest {

  private static final String CSV = ReplayServer.sample("caiso/PRC_LMP_DAM_TH_SP15_GEN-APND_2026-07-14_excerpt.csv");

  private static List<MarketPrice> prices(List<FeedItem> items) {
    return items.stream().filter(i -> i instanceof FeedItem.Mapped).map(i -> (MarketPrice) ((FeedItem.Mapped) i).value())
        .toList();
  }

  @Test
  void mapsTheDayAheadCsvWithThePriceFromColumnMw() throws Exception {
    OasisReports.Answer answer = OasisReports.open(Zips.zip("PRC_LMP.csv", CSV));
    List<FeedItem> items = OasisReports.mapCsv(answer.text(), LocalDate.parse("2026-07-14"));

    List<MarketPrice> prices = prices(items);
    assertThat(prices).extracting(MarketPrice::getLmpPerMwh).containsExactly(55.5152, 48.61367, 46.41399, 43.25317,
        43.97726);
    MarketPrice first = prices.get(0);
    assertThat(first.getIso()).isEqualTo(Iso.CAISO);
    assertThat(first.getNode()).isEqualTo("TH_SP15_GEN-APND");
    assertThat(first.getMarket()).isEqualTo(MarketType.DAY_AHEAD);
    // Hour ending 1 of the 2026-07-14 trade day (PDT) is 07:00-08:00 GMT.
    assertThat(first.getIntervalStart()).isEqualTo(Instant.parse("2026-07-14T07:00:00Z"));
    assertThat(first.getIntervalEnd()).isEqualTo(Instant.parse("2026-07-14T08:00:00Z"));
    assertThat(first.getEnergyPerMwh()).isNull();
    assertThat(((FeedItem.Mapped) items.get(0)).key()).isEqualTo("CAISO:TH_SP15_GEN-APND");
  }

  @Test
  void keepsOnlyRowsOfTheRequestedTradeDate() {
    assertThat(OasisReports.mapCsv(CSV, LocalDate.parse("2026-07-15"))).isEmpty();
  }

  @Test
  void groupsComponentsOfOneIntervalAndRejectsAnUnreadablePrice() {
    String header = CSV.lines().findFirst().orElseThrow();
    String lmp = CSV.lines().skip(1).findFirst().orElseThrow();
    String mce = lmp.replace(",LMP,LMP_PRC,", ",MCE,LMP_ENE_PRC,").replace(",55.5152,", ",54.9,");
    String bad = CSV.lines().skip(2).findFirst().orElseThrow().replace(",48.61367,", ",n/a,");
    List<FeedItem> items = OasisReports.mapCsv(String.join("\n", header, mce, lmp, bad), LocalDate.parse("2026-07-14"));

    assertThat(prices(items)).singleElement().satisfies(p -> {
      assertThat(p.getLmpPerMwh()).isEqualTo(55.5152);
      assertThat(p.getEnergyPerMwh()).isEqualTo(54.9);
    });
    assertThat(items).filteredOn(i -> i instanceof FeedItem.Rejected).singleElement()
        .satisfies(i -> assertThat(((FeedItem.Rejected) i).reason()).contains("MW 'n/a' is not a number"));
  }

  @Test
  void readsTheRealTimeXmlReport() throws Exception {
    List<MarketPrice> prices = prices(OasisReports.mapXml(ReplayServer.sample("caiso/PRC_RTPD_LMP_reconstructed.xml")));

    assertThat(prices).singleElement().satisfies(p -> {
      assertThat(p.getNode()).isEqualTo("3EMIDIO_6_N001");
      assertThat(p.getMarket()).isEqualTo(MarketType.REAL_TIME);
      assertThat(p.getIntervalStart()).isEqualTo(Instant.parse("2013-05-26T00:00:00Z"));
      assertThat(p.getIntervalEnd()).isEqualTo(Instant.parse("2013-05-26T00:15:00Z"));
      assertThat(p.getLmpPerMwh()).isEqualTo(27.5385);
      assertThat(p.getEnergyPerMwh()).isEqualTo(27.0);
    });
  }

  @Test
  void recognisesTheNoDataErrorInsideTheZip() throws Exception {
    OasisReports.Answer answer = OasisReports.open(Zips.zip("error.xml",
        ReplayServer.sample("caiso/oasis_no_data_error_1000.xml")));
    assertThat(answer.errorCode()).contains(OasisReports.NO_DATA);
    assertThat(answer.errorDescription()).isEqualTo("No data returned for the specified selection");
  }
}
