package energy.vgf.simulator.fleet;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/**
 * What a kind of fleet vehicle does: its battery, service calendar, duty blocks, daily distance and
 * energy use. Every distribution is drawn from the vehicle's own seeded random stream.
 *
 * @param source where the default figures come from (printed by the calibration report)
 * @param batteryKwh nameplate capacity, drawn uniformly once per vehicle
 * @param serviceDays days of the week with service (MON..SUN)
 * @param noService yearly local date ranges without service (school breaks)
 * @param dailyDistanceKm distance on a service day, split over the blocks that run
 * @param energyKwhPerKm per-vehicle consumption at a comfortable temperature, drawn once per vehicle
 * @param heatingPctPerDegC extra consumption per degree below {@code heatingBelowC} (cabin heat)
 * @param coolingPctPerDegC extra consumption per degree above {@code coolingAboveC} (air conditioning)
 * @param maxChargeKw what the vehicle accepts (on-board charger / battery limit)
 * @param requiredSocPct the departure requirement the fleet manager sets (FleetConstraint)
 * @param reserveSocPct the SoC a planned block may not dip below (routes are sized to the battery)
 * @param initialSocPct SoC at the start of a run, drawn per vehicle
 */
public record ArchetypeSpec(
    String name,
    String description,
    String source,
    Range batteryKwh,
    List<String> serviceDays,
    List<DateRange> noService,
    Dist dailyDistanceKm,
    List<Block> blocks,
    Dist energyKwhPerKm,
    double heatingPctPerDegC,
    double heatingBelowC,
    double coolingPctPerDegC,
    double coolingAboveC,
    double maxChargeKw,
    double requiredSocPct,
    double reserveSocPct,
    Range initialSocPct) {

  public ArchetypeSpec {
    serviceDays = List.copyOf(serviceDays);
    noService = noService == null ? List.of() : List.copyOf(noService);
    blocks = List.copyOf(blocks);
    for (String d : serviceDays) {
      dayOfWeek(d);
    }
    if (blocks.isEmpty()) {
      throw new IllegalArgumentException("archetype " + name + ": blocks must not be empty");
    }
    if (batteryKwh.min() <= 0) {
      throw new IllegalArgumentException("archetype " + name + ": battery_kwh.min must be > 0, got " + batteryKwh.min());
    }
    if (requiredSocPct <= 0 || requiredSocPct > 100) {
      throw new IllegalArgumentException("archetype " + name + ": required_soc_pct must be in (0, 100], got " + requiredSocPct);
    }
  }

  static DayOfWeek dayOfWeek(String abbreviation) {
    for (DayOfWeek d : DayOfWeek.values()) {
      if (d.name().startsWith(abbreviation.toUpperCase(Locale.ROOT)) && abbreviation.length() >= 2) {
        return d;
      }
    }
    throw new IllegalArgumentException("service day '" + abbreviation + "' is not one of MON, TUE, WED, THU, FRI, SAT, SUN");
  }

  /** Whether the fleet runs on this local date. */
  public boolean isServiceDay(LocalDate date) {
    boolean weekday = serviceDays.stream().anyMatch(d -> dayOfWeek(d) == date.getDayOfWeek());
    return weekday && noService.stream().noneMatch(r -> r.contains(date));
  }

  /** Consumption multiplier for the outside temperature: HVAC load on top of traction. */
  public double temperatureFactor(double temperatureC) {
    return 1
        + heatingPctPerDegC / 100 * Math.max(0, heatingBelowC - temperatureC)
        + coolingPctPerDegC / 100 * Math.max(0, temperatureC - coolingAboveC);
  }

  /** Mean time of the last return of a day on which every block runs, minutes after midnight. */
  public double meanLastReturnMinutes() {
    Block last = blocks.get(blocks.size() - 1);
    return last.departure().meanMinutes() + last.durationMin().mean();
  }
}
