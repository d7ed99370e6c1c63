package energy.vgf.ocpp.profile;

import java.time.Instant;
import java.util.List;

/** A setpoint's power from {@code start} on: signed at the grid side, + charge, - discharge. */
public record PowerStep(Instant start, double powerKw) {

  /**
   * The index of the step in force at {@code at} in time-ordered {@code steps}: the last one started by then, or the
   * first one if none has started yet (a profile that begins later).
   */
  public static int inForce(List<PowerStep> steps, Instant at) {
    int index = 0;
    for (int i = 1; i < steps.size(); i++) {
      if (!steps.get(i).start().isAfter(at)) {
        index = i;
      }
    }
    return index;
  }
}
