package energy.vgf.settlement.baseline;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The interval readings of one meter, looked up by interval start. Absent intervals are simply absent:
 * nothing here interpolates or fills (a gap stays a gap and is flagged by the caller).
 */
public final class MeterHistory {

  public static final Duration INTERVAL = Duration.ofMinutes(15);

  private final String siteId;
  private final String meterId;
  private final ZoneId zone;
  private final Map<Instant, IntervalReading> byStart;

  public MeterHistory(String siteId, String meterId, ZoneId zone, Collection<IntervalReading> readings) {
    this.siteId = siteId;
    this.meterId = meterId;
    this.zone = zone;
    this.byStart = new HashMap<>(readings.size() * 2);
    for (IntervalReading r : readings) {
      // A duplicate delivery of the same interval: keep the better quality, then the later one.
      byStart.merge(r.intervalStart(), r, (a, b) -> b.quality().ordinal() <= a.quality().ordinal() ? b : a);
    }
  }

  public String siteId() {
    return siteId;
  }

  public String meterId() {
    return meterId;
  }

  public ZoneId zone() {
    return zone;
  }

  /** The reading of the interval starting at {@code start}, or null when the meter never reported it. */
  public IntervalReading at(Instant start) {
    return byStart.get(start);
  }

  /** The usable (VALID or ESTIMATED) kWh at {@code start}, or NaN when missing or unusable. */
  public double usableKwh(Instant start) {
    IntervalReading r = byStart.get(start);
    return r != null && r.quality().usable() ? r.importKwh() : Double.NaN;
  }

  /** The same local wall-clock time on another local day (baselines compare like intervals across days). */
  public Instant sameLocalTime(Instant onEventDay, LocalDate otherDay) {
    LocalTime t = onEventDay.atZone(zone).toLocalTime();
    return LocalDateTime.of(otherDay, t).atZone(zone).toInstant();
  }

  public int size() {
    return byStart.size();
  }
}
