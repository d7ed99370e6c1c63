package energy.vgf.simulator.fleet;

import java.util.SplittableRandom;

/** A uniform range [min, max]. */
public record Range(double min, double max) {

  public Range {
    if (max < min) {
      throw new IllegalArgumentException("max " + max + " is below min " + min);
    }
  }

  public double mean() {
    return (min + max) / 2;
  }

  public double sample(SplittableRandom random) {
    return min == max ? min : min + (max - min) * random.nextDouble();
  }
}
