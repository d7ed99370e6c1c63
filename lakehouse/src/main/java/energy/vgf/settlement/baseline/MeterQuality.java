package energy.vgf.settlement.baseline;

/** Quality of one metered interval, as the meter data management system reported it (SiteMeterReading.quality). */
public enum MeterQuality {
  VALID, ESTIMATED, MISSING, QUESTIONABLE;

  /** Usable to build a baseline or to settle an interval: VALID and ESTIMATED (estimated ones are flagged). */
  public boolean usable() {
    return this == VALID || this == ESTIMATED;
  }
}
