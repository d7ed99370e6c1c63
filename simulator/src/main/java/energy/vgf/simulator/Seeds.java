package energy.vgf.simulator;

import java.util.SplittableRandom;

/**
 * One independent random stream per named thing (a vehicle, a depot's weather, the prices), derived
 * from the scenario seed and the thing's name. Deriving by name rather than by splitting in
 * creation order keeps a vehicle's stream unchanged when another fleet is added or reordered.
 */
public final class Seeds {

  private Seeds() {}

  public static SplittableRandom stream(long seed, String name) {
    long h = mix(seed ^ 0x9E3779B97F4A7C15L);
    for (int i = 0; i < name.length(); i++) {
      h = mix(h * 31 + name.charAt(i));
    }
    return new SplittableRandom(h);
  }

  /** SplitMix64's finaliser (Steele, Lea and Flood, 2014): a good 64-bit mixing function. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
