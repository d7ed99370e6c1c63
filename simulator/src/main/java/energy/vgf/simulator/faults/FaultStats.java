package energy.vgf.simulator.faults;

/**
 * What fault injection did to the telemetry stream.
 *
 * @param offered records the vehicles produced
 * @param dropped records lost in gaps
 * @param duplicated records sent twice
 * @param reordered records delivered after a later record of the same vehicle
 * @param stuckSoc records whose SoC was frozen
 * @param skewed records sent with a skewed clock
 */
public record FaultStats(long offered, long dropped, long duplicated, long reordered, long stuckSoc, long skewed) {

  public static final FaultStats NONE = new FaultStats(0, 0, 0, 0, 0, 0);

  public FaultStats plus(FaultStats o) {
    return new FaultStats(offered + o.offered, dropped + o.dropped, duplicated + o.duplicated,
        reordered + o.reordered, stuckSoc + o.stuckSoc, skewed + o.skewed);
  }
}
