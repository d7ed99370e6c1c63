package energy.vgf.settlement.savings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class CounterfactualTest {

  static long ms(String z) {
    return Instant.parse(z).toEpochMilli();
  }

  @Test
  void chargesAtFullPowerFromPlugInUntilTheEnergyIsDelivered() {
    TreeMap<Long, Double> p = Counterfactual.uncontrolled(ms("2026-07-01T17:00:00Z"), 22, 11);
    assertThat(p).hasSize(8);
    assertThat(p.values()).allSatisfy(kwh -> assertThat(kwh).isCloseTo(2.75, within(1e-12)));
    assertThat(p.firstKey()).isEqualTo(ms("2026-07-01T17:00:00Z"));
  }

  @Test
  void splitsAPlugInBetweenQuarterHoursPartOfTheFirstInterval() {
    // 10 min at 12 kW = 2 kWh, then 3 kWh per quarter hour, 1 kWh left over
    TreeMap<Long, Double> p = Counterfactual.uncontrolled(ms("2026-07-01T17:05:00Z"), 6, 12);
    assertThat(p.keySet()).containsExactly(ms("2026-07-01T17:00:00Z"), ms("2026-07-01T17:15:00Z"), ms("2026-07-01T17:30:00Z"));
    assertThat(p.get(ms("2026-07-01T17:00:00Z"))).isCloseTo(2, within(1e-12));
    assertThat(p.get(ms("2026-07-01T17:15:00Z"))).isCloseTo(3, within(1e-12));
    assertThat(p.get(ms("2026-07-01T17:30:00Z"))).isCloseTo(1, within(1e-12));
  }

  @Test
  void drawsNothingForASessionThatDischargedMoreThanItCharged() {
    assertThat(Counterfactual.uncontrolled(ms("2026-07-01T17:00:00Z"), -3, 11)).isEmpty();
  }
}
