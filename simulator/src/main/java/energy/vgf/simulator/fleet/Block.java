package energy.vgf.simulator.fleet;

/**
 * One duty block of a service day: the vehicle leaves the depot at {@code departure}, is away for
 * {@code durationMin} and drives {@code distanceShare} of the day's distance. Dwell between blocks
 * (e.g. a school bus's midday dwell) follows from the next block's departure.
 *
 * @param probability chance that the block runs on a service day (pool cars skip some trips)
 */
public record Block(String name, ClockDist departure, Dist durationMin, double distanceShare, double probability) {

  public Block {
    if (distanceShare <= 0) {
      throw new IllegalArgumentException("block " + name + ": distance_share must be > 0, got " + distanceShare);
    }
    if (probability <= 0 || probability > 1) {
      throw new IllegalArgumentException("block " + name + ": probability must be in (0, 1], got " + probability);
    }
  }
}
