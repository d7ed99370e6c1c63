package energy.vgf.connectors.meter.mdms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import energy.vgf.connectors.source.FeedItem;
import energy.vgf.connectors.source.MappingException;
import energy.vgf.metering.ReadingQuality;
import energy.vgf.metering.SiteMeterReading;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.Test;

class MdmsIntervalsTest {

  static final MdmsIntervals.Layout LAYOUT = new MdmsIntervals.Layout("depot-sj", "", "meter_id", "read_start",
      "read_end", "wh_delivered", "wh_received", "flag", MdmsIntervals.kwhPerUnit("Wh"),
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"), ZoneId.of("America/Los_Angeles"), Duration.ofMinutes(15), ',');

  static String export() {
    try (var in = MdmsIntervalsTest.class.getResourceAsStream("/constructed/mdms_interval_export.csv")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void mapsColumnsUnitsAndTheRepeatedFallBackHour() {
    List<MdmsIntervals.Interval> out = MdmsIntervals.read(export(), LAYOUT);

    List<SiteMeterReading> r = out.stream().filter(i -> i.item() instanceof FeedItem.Mapped)
        .map(i -> (SiteMeterReading) ((FeedItem.Mapped) i.item()).value()).toList();
    assertThat(r).extracting(x -> x.getMeterId() + "@" + x.getIntervalStart() + "=" + x.getEnergyImportKwh())
        .containsExactly(
            "MTR-100@2026-11-01T07:45:00Z=41.25",   // 00:45 PDT, 41250 Wh
            "MTR-200@2026-11-01T07:45:00Z=1.2",
            "MTR-100@2026-11-01T08:00:00Z=40.0",    // 01:00 PDT, the first 01:00
            "MTR-100@2026-11-01T09:00:00Z=39.5");   // 01:00 PST, the repeated hour
    assertThat(r.get(1).getEnergyExportKwh()).isEqualTo(0.35);
    assertThat(r.get(3).getQuality()).isEqualTo(ReadingQuality.ESTIMATED);
    assertThat(r.get(3).getIntervalEnd()).isEqualTo(Instant.parse("2026-11-01T09:15:00Z"));
    assertThat(r).allSatisfy(x -> {
      assertThat(x.getSiteId()).isEqualTo("depot-sj");
      assertThat(x.getSource()).isEqualTo("mdms-csv");
    });
  }

  @Test
  void rejectsTheUnreadableRowAtItsPlaceInTime() {
    List<MdmsIntervals.Interval> out = MdmsIntervals.read(export(), LAYOUT);

    MdmsIntervals.Interval bad = out.stream().filter(i -> i.item() instanceof FeedItem.Rejected).findFirst()
        .orElseThrow();
    assertThat(bad.start()).isEqualTo(Instant.parse("2026-11-01T08:00:00Z"));
    assertThat(((FeedItem.Rejected) bad.item()).reason()).contains("line 6").contains("wh_delivered 'n/a'");
    assertThat(((FeedItem.Rejected) bad.item()).raw()).isEqualTo("MTR-200,2026-11-01 01:00,2026-11-01 01:15,n/a,0,M");
  }

  @Test
  void refusesAnExportWithoutTheConfiguredColumnNamingIt() {
    assertThatThrownBy(() -> MdmsIntervals.read("meter,start,kwh\nA,2026-11-01T00:00Z,1\n", LAYOUT))
        .isInstanceOf(MappingException.class).hasMessageContaining("no column 'meter_id'");
  }

  @Test
  void readsIsoTimesWithOffsetsAsWritten() {
    MdmsIntervals.Layout iso = new MdmsIntervals.Layout("s", "", "m", "start", "", "kwh", "", "", 1.0, null,
        ZoneId.of("UTC"), Duration.ofMinutes(30), ';');
    List<MdmsIntervals.Interval> out = MdmsIntervals.read("m;start;kwh\nA;2026-11-01T01:00-07:00;2.5\n", iso);
    SiteMeterReading r = (SiteMeterReading) ((FeedItem.Mapped) out.get(0).item()).value();
    assertThat(r.getIntervalStart()).isEqualTo(Instant.parse("2026-11-01T08:00:00Z"));
    assertThat(r.getIntervalEnd()).isEqualTo(Instant.parse("2026-11-01T08:30:00Z"));
    assertThat(r.getQuality()).isEqualTo(ReadingQuality.VALID);
  }
}
