package energy.vgf.simulator.fleet;

/**
 * One block driven away from the depot and back: a loop of {@code distanceKm} starting and ending
 * at the depot, leaving in direction {@code headingRad}.
 */
public record Trip(String block, long departEpochS, long arriveEpochS, double distanceKm, double headingRad) {

  /** Relative amplitude of the stop-and-go speed cycle. */
  static final double SPEED_SWING = 0.6;

  public Trip {
    if (arriveEpochS <= departEpochS) {
      throw new IllegalArgumentException("trip " + block + ": arrival must be after departure");
    }
  }

  public double averageSpeedKmh() {
    return distanceKm * 3600 / (arriveEpochS - departEpochS);
  }

  /** Stop-and-go cycles over the trip: one per ~3 km. */
  int cycles() {
    return Math.max(1, (int) Math.round(distanceKm / 3));
  }

  /**
   * Share of the distance covered at time share {@code tau} in [0, 1]: the integral of a speed that
   * swings +-60 % around the average, so it is 0 at 0 and exactly 1 at 1.
   */
  public double progress(double tau) {
    if (tau <= 0) {
      return 0;
    }
    if (tau >= 1) {
      return 1;
    }
    int k = cycles();
    return tau - SPEED_SWING * Math.sin(2 * Math.PI * k * tau) / (2 * Math.PI * k);
  }

  /** Instantaneous speed at time share {@code tau}, km/h. */
  public double speedKmh(double tau) {
    return averageSpeedKmh() * (1 - SPEED_SWING * Math.cos(2 * Math.PI * cycles() * tau));
  }

  public double tau(long epochS) {
    return Math.max(0, Math.min(1, (double) (epochS - departEpochS) / (arriveEpochS - departEpochS)));
  }
}
