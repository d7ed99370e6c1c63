package energy.vgf.settlement.performance;

import static org.assertj.core.api.Assertions.assertThat;

import energy.vgf.settlement.baseline.BaselineMethod;
import energy.vgf.settlement.baseline.BaselineResult;
import energy.vgf.settlement.baseline.DrEvent;
import energy.vgf.settlement.baseline.HolidayCalendar;
import energy.vgf.settlement.baseline.IntervalReading;
import energy.vgf.settlement.baseline.MeterHistory;
import energy.vgf.settlement.baseline.MeterQuality;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EventPerformanceTest {

  static final ZoneId LA = ZoneId.of("America/Los_Angeles");

  /** 10 flat weekdays at 10 kWh, event day window at 10, event intervals 6 except one estimated and one missing. */
  static List<IntervalPerformance> run() {
    LocalDate eventDay = LocalDate.of(2026, 7, 15); // Wednesday
    List<IntervalReading> readings = new ArrayList<>();
    for (int back = 1; back <= 20; back++) {
      LocalDate d = eventDay.minusDays(back);
      Instant s = d.atStartOfDay(LA).toInstant();
      for (int i = 0; i < 96; i++) {
        readings.add(new IntervalReading(s.plusSeconds(900L * i), 10, MeterQuality.VALID));
      }
    }
    Instant s = eventDay.atStartOfDay(LA).toInstant();
    Instant eventStart = eventDay.atTime(16, 0).atZone(LA).toInstant();
    for (int i = 0; i < 96; i++) {
      Instant t = s.plusSeconds(900L * i);
      boolean inEvent = !t.isBefore(eventStart) && t.isBefore(eventStart.plusSeconds(3600));
      if (t.equals(eventStart.plusSeconds(1800))) {
        continue; // missing
      }
      MeterQuality q = t.equals(eventStart.plusSeconds(900)) ? MeterQuality.ESTIMATED : MeterQuality.VALID;
      readings.add(new IntervalReading(t, inEvent ? 6 : 10, q));
    }
    MeterHistory meter = new MeterHistory("s", "m", LA, readings);
    DrEvent event = new DrEvent("e", "p", eventStart, eventStart.plusSeconds(3600));
    BaselineResult b = BaselineMethod.CAISO_10_IN_10.compute(meter, event, Set.of(), HolidayCalendar.nerc(Set.of()));
    return EventPerformance.compute(b, meter, t -> new BigDecimal("0.500000"));
  }

  @Test
  void paysBaselineMinusMeteredAtTheProgramRate() {
    List<IntervalPerformance> p = run();
    assertThat(p.get(0).reductionKwh()).isEqualTo(4.0);
    assertThat(p.get(0).paymentUsd()).isEqualByComparingTo("2.0000");
  }

  @Test
  void paysButFlagsEstimatedIntervals() {
    IntervalPerformance estimated = run().get(1);
    assertThat(estimated.quality()).isEqualTo(MeterQuality.ESTIMATED);
    assertThat(estimated.paid()).isTrue();
    assertThat(estimated.flagged()).isTrue();
  }

  @Test
  void neverFillsAMissingIntervalAndDoesNotPayIt() {
    IntervalPerformance missing = run().get(2);
    assertThat(missing.quality()).isEqualTo(MeterQuality.MISSING);
    assertThat(missing.meteredKwh()).isNull();
    assertThat(missing.reductionKwh()).isNull();
    assertThat(missing.paid()).isFalse();
    assertThat(missing.paymentUsd()).isEqualByComparingTo("0");
  }

  @Test
  void totalsThePaidIntervals() {
    BigDecimal total = run().stream().map(IntervalPerformance::paymentUsd).reduce(BigDecimal.ZERO, BigDecimal::add);
    assertThat(total).isEqualByComparingTo("6.0000"); // 3 paid intervals x 4 kWh x 0.5
  }
}
