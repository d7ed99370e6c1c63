package energy.vgf.settlement.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class HolidayCalendarTest {

  @Test
  void listsTheSixNercHolidaysOf2026() {
    assertThat(HolidayCalendar.nercHolidays(2026)).containsExactlyInAnyOrder(
        LocalDate.of(2026, 1, 1), LocalDate.of(2026, 5, 25), LocalDate.of(2026, 7, 4),
        LocalDate.of(2026, 9, 7), LocalDate.of(2026, 11, 26), LocalDate.of(2026, 12, 25));
  }

  @Test
  void movesASundayHolidayToMondayButNotASaturdayOne() {
    // 2022-12-25 was a Sunday -> observed Monday 26; 2026-07-04 is a Saturday -> stays
    assertThat(HolidayCalendar.nercHolidays(2022)).contains(LocalDate.of(2022, 12, 26));
    assertThat(HolidayCalendar.nercHolidays(2026)).contains(LocalDate.of(2026, 7, 4)).doesNotContain(LocalDate.of(2026, 7, 3));
  }
}
