package energy.vgf.simulator.fleet;

import java.time.LocalTime;
import java.util.SplittableRandom;

/** A local time of day ("06:15") with a normal spread in minutes, truncated at three sd. */
public record ClockDist(String mean, double sdMin) {

  public ClockDist {
    LocalTime.parse(mean); // validates HH:mm
    if (sdMin < 0) {
      throw new IllegalArgumentException("sd_min must be >= 0, got " + sdMin);
    }
  }

  public double meanMinutes() {
    LocalTime t = LocalTime.parse(mean);
    return t.getHour() * 60 + t.getMinute();
  }

  /** Minutes after local midnight, rounded to the whole minute so schedules fall on the tick grid. */
  public int sampleMinutes(SplittableRandom random) {
    return (int) Math.round(Dist.of(meanMinutes(), sdMin).sample(random));
  }
}
