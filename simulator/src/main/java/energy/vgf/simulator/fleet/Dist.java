package energy.vgf.simulator.fleet;

import java.util.SplittableRandom;

/**
 * A normal distribution truncated to [min, max]. Defaults keep the bounds symmetric about the mean,
 * so the truncation does not move the mean and the calibration targets stay the configured means.
 */
public record Dist(double mean, double sd, double min, double max) {

  public Dist {
    if (sd < 0) {
      throw new IllegalArgumentException("sd must be >= 0, got " + sd);
    }
    if (min > mean || max < mean) {
      throw new IllegalArgumentException("mean " + mean + " must lie within [min " + min + ", max " + max + "]");
    }
  }

  /** A distribution of mean m and standard deviation s truncated at three standard deviations. */
  public static Dist of(double m, double s) {
    return new Dist(m, s, m - 3 * s, m + 3 * s);
  }

  public static Dist fixed(double value) {
    return new Dist(value, 0, value, value);
  }

  public double sample(SplittableRandom random) {
    if (sd == 0) {
      return mean;
    }
    // Rejection keeps the shape of the normal inside the bounds; at +-3 sd it needs ~1.003 draws.
    for (int i = 0; i < 64; i++) {
      double x = mean + sd * random.nextGaussian();
      if (x >= min && x <= max) {
        return x;
      }
    }
    return mean;
  }
}
