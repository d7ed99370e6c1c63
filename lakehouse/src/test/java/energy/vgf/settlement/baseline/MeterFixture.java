package energy.vgf.settlement.baseline;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds a meter whose look-back days are flat loads, so the hand-computed answers are plain averages. */
final class MeterFixture {

  static final ZoneId LA = ZoneId.of("America/Los_Angeles");

  private final Map<LocalDate, Double> flat = new HashMap<>();
  private final Map<Instant, IntervalReading> overrides = new HashMap<>();
  private final Set<Instant> missing = new HashSet<>();

  /** Every day from {@code from} to {@code to} inclusive at {@code kwh} per interval. */
  MeterFixture days(LocalDate from, LocalDate to, double kwh) {
    for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
      flat.put(d, kwh);
    }
    return this;
  }

  MeterFixture day(LocalDate d, double kwh) {
    flat.put(d, kwh);
    return this;
  }

  /** Local [from, to) on {@code d} at {@code kwh} per interval, with the given quality. */
  MeterFixture span(LocalDate d, LocalTime from, LocalTime to, double kwh, MeterQuality q) {
    // [from, to) local; to == MIDNIGHT means the end of the day
    java.time.LocalDateTime end = to.equals(LocalTime.MIDNIGHT) ? d.plusDays(1).atStartOfDay() : d.atTime(to);
    for (java.time.LocalDateTime t = d.atTime(from); t.isBefore(end); t = t.plusMinutes(15)) {
      Instant i = t.atZone(LA).toInstant();
      overrides.put(i, new IntervalReading(i, kwh, q));
    }
    return this;
  }

  MeterFixture missing(LocalDate d, LocalTime t) {
    missing.add(d.atTime(t).atZone(LA).toInstant());
    return this;
  }

  MeterHistory build() {
    List<IntervalReading> readings = new ArrayList<>();
    for (Map.Entry<LocalDate, Double> e : flat.entrySet()) {
      Instant start = e.getKey().atStartOfDay(LA).toInstant();
      Instant end = e.getKey().plusDays(1).atStartOfDay(LA).toInstant();
      for (Instant t = start; t.isBefore(end); t = t.plus(MeterHistory.INTERVAL)) {
        if (!missing.contains(t) && !overrides.containsKey(t)) {
          readings.add(new IntervalReading(t, e.getValue(), MeterQuality.VALID));
        }
      }
    }
    overrides.forEach((t, r) -> {
      if (!missing.contains(t)) {
        readings.add(r);
      }
    });
    return new MeterHistory("site-1", "meter-1", LA, readings);
  }

  /** An event [from, to) local on {@code d}. */
  static DrEvent event(LocalDate d, LocalTime from, LocalTime to) {
    return new DrEvent("ev-" + d, "prog", d.atTime(from).atZone(LA).toInstant(), d.atTime(to).atZone(LA).toInstant());
  }
}
