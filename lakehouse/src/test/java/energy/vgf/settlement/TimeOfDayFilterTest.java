package energy.vgf.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import energy.vgf.settlement.baseline.BaselineMethod;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The settlement job's first cut: only readings in an event's local window [start - 4 h, end) reach the shuffle. */
class TimeOfDayFilterTest {

  static EventSpec event(String zone, String startUtc, String endUtc, String site) {
    return new EventSpec("e-" + site, "p", Instant.parse(startUtc).toEpochMilli(), Instant.parse(endUtc).toEpochMilli(),
        BaselineMethod.CAISO_10_IN_10, BigDecimal.ONE, null, zone, List.of(), LocalDate.of(2026, 11, 5), List.of(site));
  }

  static long ms(String utc) {
    return Instant.parse(utc).toEpochMilli();
  }

  // 16:00-20:00 Los Angeles on 2026-11-05 (PST, UTC-8): the window is 12:00-20:00 local on every day
  final SettlementJob.TimeOfDayFilter la = SettlementJob.TimeOfDayFilter.of(Map.of(
      "site-la", List.of(event("America/Los_Angeles", "2026-11-06T00:00:00Z", "2026-11-06T04:00:00Z", "site-la"))));

  @Test
  void keepsTheSameLocalWindowOnBothSidesOfTheFallBack() {
    // before 2026-11-01 Los Angeles is UTC-7: local 12:00 = 19:00Z; after, UTC-8: local 12:00 = 20:00Z
    assertThat(la.keep("site-la", ms("2026-10-30T18:45:00Z"))).isFalse();
    assertThat(la.keep("site-la", ms("2026-10-30T19:00:00Z"))).isTrue();
    assertThat(la.keep("site-la", ms("2026-11-03T19:00:00Z"))).isFalse();
    assertThat(la.keep("site-la", ms("2026-11-03T20:00:00Z"))).isTrue();
    assertThat(la.keep("site-la", ms("2026-11-04T03:45:00Z"))).isTrue(); // 19:45 local
    assertThat(la.keep("site-la", ms("2026-11-04T04:00:00Z"))).isFalse(); // 20:00 local
    // back in time again: the cached offset follows
    assertThat(la.keep("site-la", ms("2026-10-30T19:00:00Z"))).isTrue();
  }

  @Test
  void dropsRowsNoSiteNeedsBeforeLookingAtTheSite() {
    assertThat(la.anySite(ms("2026-11-03T19:45:00Z"))).isFalse(); // 11:45 local
    assertThat(la.anySite(ms("2026-11-03T20:00:00Z"))).isTrue();
    assertThat(la.keep("site-elsewhere", ms("2026-11-03T20:00:00Z"))).isFalse();
  }

  @Test
  void keepsEachProgramsWindowInItsOwnZone() {
    SettlementJob.TimeOfDayFilter both = SettlementJob.TimeOfDayFilter.of(Map.of(
        "site-la", List.of(event("America/Los_Angeles", "2026-11-06T00:00:00Z", "2026-11-06T04:00:00Z", "site-la")),
        "site-ny", List.of(event("America/New_York", "2026-11-05T21:00:00Z", "2026-11-06T01:00:00Z", "site-ny"))));
    // 17:00Z on 2026-11-03 = 12:00 New York (EST), 09:00 Los Angeles
    assertThat(both.anySite(ms("2026-11-03T17:00:00Z"))).isTrue();
    assertThat(both.keep("site-ny", ms("2026-11-03T17:00:00Z"))).isTrue();
    assertThat(both.keep("site-la", ms("2026-11-03T17:00:00Z"))).isFalse();
  }

  @Test
  void splitsATableIntoAboutFourSplitsPerReader() {
    assertThat(SettlementJob.splitSizeBytes(64L << 20, 2)).isEqualTo(8L << 20);
    assertThat(SettlementJob.splitSizeBytes(4L << 20, 2)).isEqualTo(1L << 20); // never below 1 MB
    assertThat(SettlementJob.splitSizeBytes(100L << 30, 2)).isEqualTo(128L << 20); // never above Iceberg's default
  }
}
