package energy.vgf.settlement.baseline;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A baseline for one event and meter: per event interval the unadjusted average of the selected days and
 * the adjusted baseline; the adjustment itself (ratio for CAISO, kWh per interval for PJM) for the audit.
 */
public record BaselineResult(BaselineMethod method, DrEvent event, LocalDate eventDay, BaselineStatus status,
                             List<LocalDate> selectedDays, List<Instant> intervals, double[] unadjustedKwh,
                             double[] adjustedKwh, Double windowActualKwh, Double windowBaselineKwh,
                             Double adjustment) {

  static BaselineResult failed(BaselineMethod method, DrEvent event, LocalDate day, BaselineStatus status,
                               List<LocalDate> selected) {
    return new BaselineResult(method, event, day, status, selected, event.intervals(), null, null, null, null, null);
  }

  public boolean ok() {
    return status == BaselineStatus.OK;
  }
}
