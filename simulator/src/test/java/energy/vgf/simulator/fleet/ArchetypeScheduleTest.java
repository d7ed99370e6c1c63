package energy.vgf.simulator.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import energy.vgf.simulator.RunSummary;
import energy.vgf.simulator.Simulation;
import energy.vgf.simulator.calibration.Calibration;
import energy.vgf.simulator.output.StreamSinks;
import energy.vgf.simulator.scenario.Scenario;
import energy.vgf.simulator.scenario.ScenarioLoader;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Schedules of every archetype over two weeks of the calibration scenario (all five archetypes). */
class ArchetypeScheduleTest {

  private static Scenario scenario;
  private static RunSummary run;

  @BeforeAll
  static void runTwoWeeks() {
    scenario = ScenarioLoader.load(Calibration.SCENARIO).withDays(14).withVehicles(100);
    run = new Simulation(scenario).run(StreamSinks.discard());
  }

  private static ZonedDateTime local(long epochS) {
    return Instant.ofEpochSecond(epochS).atZone(scenario.zone());
  }

  private static List<VehicleLedger> ledgers(String archetype) {
    return run.ledgers().stream().filter(l -> l.archetype().equals(archetype)).toList();
  }

  @Test
  void everyArchetypeDrivesOnlyOnItsServiceDays() {
    for (VehicleLedger l : run.ledgers()) {
      ArchetypeSpec spec = scenario.archetypes().get(l.archetype());
      assertThat(l.trips()).as(l.vehicleId()).isNotEmpty();
      for (Trip t : l.trips()) {
        assertThat(spec.isServiceDay(local(t.departEpochS()).toLocalDate())).as(l.vehicleId() + " " + t).isTrue();
      }
    }
  }

  @Test
  void departuresAndDurationsStayWithinTheirDistributions() {
    for (VehicleLedger l : run.ledgers()) {
      ArchetypeSpec spec = scenario.archetypes().get(l.archetype());
      long previousArrival = Long.MIN_VALUE;
      for (Trip t : l.trips()) {
        Block b = spec.blocks().stream().filter(x -> x.name().equals(t.block())).findFirst().orElseThrow();
        ZonedDateTime dep = local(t.departEpochS());
        double depMin = dep.getHour() * 60 + dep.getMinute();
        double mean = b.departure().meanMinutes();
        double sd = b.departure().sdMin();
        boolean shiftedAfterPrevious = t.departEpochS() == previousArrival + 600;
        assertThat(depMin).as(l.vehicleId() + " " + t.block()).isGreaterThanOrEqualTo(mean - 3 * sd);
        if (!shiftedAfterPrevious) {
          assertThat(depMin).as(l.vehicleId() + " " + t.block()).isLessThanOrEqualTo(mean + 3 * sd);
        }
        double durationMin = (t.arriveEpochS() - t.departEpochS()) / 60.0;
        assertThat(durationMin).isBetween(b.durationMin().min() - 1, b.durationMin().max() + 1);
        assertThat(t.departEpochS()).as("trips do not overlap and leave a 10-min turnaround")
            .isGreaterThanOrEqualTo(previousArrival + 600);
        previousArrival = t.arriveEpochS();
      }
    }
  }

  @Test
  void dailyDistanceStaysWithinItsBounds() {
    for (VehicleLedger l : run.ledgers()) {
      Dist d = scenario.archetypes().get(l.archetype()).dailyDistanceKm();
      Map<LocalDate, Double> perDay = l.trips().stream().collect(Collectors.groupingBy(
          t -> local(t.departEpochS()).toLocalDate(), TreeMap::new, Collectors.summingDouble(Trip::distanceKm)));
      assertThat(perDay.values()).as(l.vehicleId()).allSatisfy(km -> assertThat(km).isBetween(d.min() - 1e-9, d.max() + 1e-9));
    }
  }

  @Test
  void schoolBusesRunTwoRoutesOnSchoolDaysWithALongMiddayDwell() {
    for (VehicleLedger l : ledgers(Archetypes.SCHOOL_BUS)) {
      Map<LocalDate, List<Trip>> byDay = l.trips().stream()
          .collect(Collectors.groupingBy(t -> local(t.departEpochS()).toLocalDate(), TreeMap::new, Collectors.toList()));
      assertThat(byDay).hasSize(10); // two school weeks
      for (List<Trip> trips : byDay.values()) {
        assertThat(trips).extracting(Trip::block).containsExactly("am_route", "pm_route");
        assertThat(trips.get(1).departEpochS() - trips.get(0).arriveEpochS()).isGreaterThan(3 * 3600);
        assertThat(local(trips.get(0).departEpochS()).getDayOfWeek()).isNotIn(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
      }
    }
  }

  @Test
  void transitBusesRunEveryDayAndDeliveryVansRestOnSunday() {
    for (VehicleLedger l : ledgers(Archetypes.TRANSIT_BUS)) {
      assertThat(l.trips().stream().map(t -> local(t.departEpochS()).toLocalDate()).distinct()).hasSize(14);
    }
    for (VehicleLedger l : ledgers(Archetypes.DELIVERY_VAN)) {
      assertThat(l.trips()).noneMatch(t -> local(t.departEpochS()).getDayOfWeek() == DayOfWeek.SUNDAY);
      assertThat(l.trips()).anyMatch(t -> local(t.departEpochS()).getDayOfWeek() == DayOfWeek.SATURDAY);
    }
  }

  @Test
  void schoolBusesStayHomeDuringTheSummerBreak() {
    Scenario summer = ScenarioLoader.loadDefault().withStart("2026-07-06").withDays(7).withVehicles(60);
    RunSummary r = new Simulation(summer).run(StreamSinks.discard());
    assertThat(r.ledgers().stream().filter(l -> l.archetype().equals(Archetypes.SCHOOL_BUS)))
        .isNotEmpty().allSatisfy(l -> assertThat(l.trips()).isEmpty());
    assertThat(r.ledgers().stream().filter(l -> l.archetype().equals(Archetypes.DELIVERY_VAN)))
        .allSatisfy(l -> assertThat(l.trips()).isNotEmpty());
  }

  @Test
  void consumptionRisesInTheColdAndInTheHeat() {
    ArchetypeSpec bus = Archetypes.defaults().get(Archetypes.TRANSIT_BUS);
    assertThat(bus.temperatureFactor(20)).isEqualTo(1.0);
    assertThat(bus.temperatureFactor(-5)).isGreaterThan(bus.temperatureFactor(5)).isGreaterThan(1.0);
    assertThat(bus.temperatureFactor(35)).isGreaterThan(1.0);
  }

  @Test
  void anAverageBuiltInBlockFitsTheSmallestBatteryOnAFreezingDay() {
    // Longer-than-average routes on small batteries are shortened to fit (counted as capped blocks);
    // the average route must fit without that, or the calibration targets would not hold.
    for (ArchetypeSpec spec : Archetypes.defaults().values()) {
      double shares = spec.blocks().stream().mapToDouble(Block::distanceShare).sum();
      for (Block b : spec.blocks()) {
        double km = spec.dailyDistanceKm().mean() * (b.probability() < 1 ? 1 : b.distanceShare() / shares);
        double kwh = km * spec.energyKwhPerKm().mean() * spec.temperatureFactor(0);
        double usable = spec.batteryKwh().min() * (100 - spec.reserveSocPct()) / 100;
        assertThat(kwh).as(spec.name() + " " + b.name()).isLessThanOrEqualTo(usable);
      }
    }
  }

  @Test
  void noBlockWasShortenedInTheTwoWeeks() {
    assertThat(run.ledgers()).allSatisfy(l -> assertThat(l.cappedBlocks()).as(l.vehicleId()).isZero());
  }
}
