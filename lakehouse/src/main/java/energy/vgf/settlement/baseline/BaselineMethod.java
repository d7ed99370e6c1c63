package energy.vgf.settlement.baseline;

import java.time.LocalDate;
import java.util.Locale;
import java.util.Set;

/** The ISO baseline methods a program can be configured with (GridConstraint.baseline_method). */
public enum BaselineMethod {
  CAISO_10_IN_10 {
    @Override
    public BaselineResult compute(MeterHistory meter, DrEvent event, Set<LocalDate> eventDays, HolidayCalendar holidays) {
      return Caiso10in10.compute(meter, event, eventDays, holidays);
    }
  },
  PJM_CBL_HIGH_4_OF_5 {
    @Override
    public BaselineResult compute(MeterHistory meter, DrEvent event, Set<LocalDate> eventDays, HolidayCalendar holidays) {
      return PjmCblHigh4of5.compute(meter, event, eventDays, holidays);
    }
  };

  /**
   * Computes the baseline of {@code event} for {@code meter}. {@code eventDays} are the local days on which
   * this meter's site had any DR event (excluded from every look-back); {@code holidays} the program's calendar.
   */
  public abstract BaselineResult compute(MeterHistory meter, DrEvent event, Set<LocalDate> eventDays,
                                         HolidayCalendar holidays);

  public static BaselineMethod parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException("baseline_method=" + value + " is invalid: one of CAISO_10_IN_10, PJM_CBL_HIGH_4_OF_5");
    }
  }
}
