package energy.vgf.settlement.baseline;

/** Whether a baseline could be computed; anything but OK means the event is not paid for that meter. */
public enum BaselineStatus {
  OK,
  /** Fewer eligible like days in the 45-day look-back than the method's minimum. */
  INSUFFICIENT_HISTORY,
  /** The event day's own readings in the adjustment window are missing: no adjustment, so no baseline. */
  MISSING_ADJUSTMENT_DATA
}
