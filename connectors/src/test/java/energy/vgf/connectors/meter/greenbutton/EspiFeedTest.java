package energy.vgf.connectors.meter.greenbutton;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import energy.vgf.connectors.source.FeedItem;
import energy.vgf.connectors.testing.ReplayServer;
import energy.vgf.metering.ReadingQuality;
import energy.vgf.metering.SiteMeterReading;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EspiFeedTest {

  private static List<SiteMeterReading> readings(List<FeedItem> items) {
    return items.stream().filter(i -> i instanceof FeedItem.Mapped)
        .map(i -> (SiteMeterReading) ((FeedItem.Mapped) i).value()).toList();
  }

  @Test
  void mapsTheCoastalSampleHourByHourInKwh() throws Exception {
    EspiFeed feed = new EspiFeed();
    feed.addPage(ReplayServer.sampleBytes("greenbutton/Coastal_Single_Family_Jan2011_first24h.xml"));
    List<SiteMeterReading> r = readings(feed.readings("depot-coastal", 0));

    assertThat(r).hasSize(24);
    // Sum of the 24 values in the file: 19779 Wh. First reading: start 1293868800 (2011-01-01T08:00Z), 3600 s, value 703 with uom 72 (Wh) and multiplier 0.
    assertThat(r.get(0).getIntervalStart()).isEqualTo(Instant.parse("2011-01-01T08:00:00Z"));
    assertThat(r.get(0).getIntervalEnd()).isEqualTo(Instant.parse("2011-01-01T09:00:00Z"));
    assertThat(r.get(0).getEnergyImportKwh()).isCloseTo(0.703, within(1e-12));
    assertThat(r.get(0).getEnergyExportKwh()).isEqualTo(0.0);
    assertThat(r.get(23).getEnergyImportKwh()).isCloseTo(0.722, within(1e-12));
    assertThat(r).extracting(SiteMeterReading::getEnergyImportKwh).satisfies(v ->
        assertThat(v.stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(19.779, within(1e-9)));
    assertThat(r.get(0).getMeterId()).isEqualTo("RetailCustomer/9b6c7063/UsagePoint/01");
    assertThat(r.get(0).getQuality()).isEqualTo(ReadingQuality.VALID);
    assertThat(r.get(0).getSource()).isEqualTo("greenbutton");
  }

  @Test
  void skipsIntervalsBeforeTheToken() throws Exception {
    EspiFeed feed = new EspiFeed();
    feed.addPage(ReplayServer.sampleBytes("greenbutton/Coastal_Single_Family_Jan2011_first24h.xml"));
    assertThat(readings(feed.readings("s", 1293868800L + 20 * 3600))).hasSize(4);
  }

  @Test
  void readsAFeedWithoutIntervalBlocksAsNoReadings() throws Exception {
    EspiFeed feed = new EspiFeed();
    feed.addPage(ReplayServer.sampleBytes("greenbutton/OpenESPI_Usage-Subscription-Feed-Anonymized.xml"));
    assertThat(feed.readings("s", 0)).isEmpty();
  }

  @Test
  void appliesThePowerOfTenMultiplierAndTheReverseFlowDirection() throws Exception {
    String xml = ReplayServer.sample("greenbutton/Coastal_Single_Family_Jan2011_first24h.xml")
        .replace("<powerOfTenMultiplier>0</powerOfTenMultiplier>\n                <timeAttribute>",
            "<powerOfTenMultiplier>3</powerOfTenMultiplier>\n                <timeAttribute>")
        .replace("<flowDirection>1</flowDirection>", "<flowDirection>19</flowDirection>");
    EspiFeed feed = new EspiFeed();
    feed.addPage(xml.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    SiteMeterReading first = readings(feed.readings("s", 0)).get(0);
    assertThat(first.getEnergyExportKwh()).isCloseTo(703.0, within(1e-9));
    assertThat(first.getEnergyImportKwh()).isEqualTo(0.0);
  }

  @Test
  void mapsEspiQualityCodes() {
    assertThat(EspiFeed.quality(0)).isEqualTo(ReadingQuality.VALID);
    assertThat(EspiFeed.quality(8)).isEqualTo(ReadingQuality.ESTIMATED);
    assertThat(EspiFeed.quality(10)).isEqualTo(ReadingQuality.QUESTIONABLE);
  }
}
