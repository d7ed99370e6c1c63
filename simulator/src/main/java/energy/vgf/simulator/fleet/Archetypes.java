package energy.vgf.simulator.fleet;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The built-in archetypes and where their figures come from. A scenario may override any field of
 * any archetype (see ScenarioLoader); the sources below are also in simulator/README.md.
 *
 * <p>Sources and what each default relies on:
 * <ul>
 *   <li>School bus: NREL Fleet DNA school-bus data and NREL's electric school bus evaluations
 *       (Napa Valley and Torrance USD; https://www.nrel.gov/transportation/fleettest-electric-school-bus.html)
 *       put a weekday school-bus trip at about 25-32 mi (the figure issue 5 quotes). We model two
 *       routes a day (AM, PM) of 28.5 mi (45.9 km) each, i.e. 91.7 km per school day. Type C battery
 *       150-230 kWh (the range of current Type C electric buses). Consumption 0.80 kWh/km (1.3 kWh/mi)
 *       is an assumption typical of Type C electric buses, not a measured NREL figure.</li>
 *   <li>Transit bus: APTA Public Transportation Fact Book / FTA National Transit Database: a
 *       40-ft bus runs about 100 mi (161 km) per service day; battery 350-660 kWh (issue 5).
 *       1.3 kWh/km (2.1 kWh/mi) is the order of the battery-electric bus results in NREL's Foothill
 *       Transit evaluations (NREL/PR-5400-76259); we do not claim an exact figure from them.</li>
 *   <li>Delivery van: battery 70-135 kWh (issue 5); 0.35 kWh/km follows the EPA rating of a Ford
 *       E-Transit (about 126 mi on 68 kWh usable). 100 km/day is an assumption in the range of
 *       NREL Fleet DNA delivery-van days; replace it with fleet data when available.</li>
 *   <li>Refuse truck and pool car: assumptions (battery of current products such as the Mack LR
 *       Electric, 376 kWh; a compact EV pool car, 60-80 kWh); no study is cited for their
 *       distances: they are placeholders to calibrate against customer data.</li>
 *   <li>Temperature effect: +1.2 %/degC below 15 degC (cabin heat) and +0.8 %/degC above 24 degC
 *       (air conditioning) are assumptions consistent with the cold-weather losses reported in
 *       NREL battery-electric bus evaluations (tens of percent near freezing).</li>
 * </ul>
 */
public final class Archetypes {

  public static final String SCHOOL_BUS = "school_bus";
  public static final String TRANSIT_BUS = "transit_bus";
  public static final String DELIVERY_VAN = "delivery_van";
  public static final String REFUSE_TRUCK = "refuse_truck";
  public static final String POOL_CAR = "pool_car";

  private static final List<String> WEEKDAYS = List.of("MON", "TUE", "WED", "THU", "FRI");
  private static final double MI_KM = 1.609344;

  private Archetypes() {}

  /** The built-in archetypes by name, in a fixed order. */
  public static Map<String, ArchetypeSpec> defaults() {
    Map<String, ArchetypeSpec> m = new LinkedHashMap<>();
    m.put(SCHOOL_BUS, schoolBus());
    m.put(TRANSIT_BUS, transitBus());
    m.put(DELIVERY_VAN, deliveryVan());
    m.put(REFUSE_TRUCK, refuseTruck());
    m.put(POOL_CAR, poolCar());
    return m;
  }

  static ArchetypeSpec schoolBus() {
    // NREL Fleet DNA / ESB evaluations: 25-32 mi per weekday trip; midpoint 28.5 mi, two routes.
    double dailyKm = round1(2 * 28.5 * MI_KM);
    return new ArchetypeSpec(SCHOOL_BUS, "Type C electric school bus, AM and PM routes, summer break",
        "NREL Fleet DNA / electric school bus evaluations (25-32 mi per weekday trip)",
        new Range(150, 230), WEEKDAYS,
        List.of(new DateRange("06-15", "08-20"), new DateRange("12-21", "01-02")),
        Dist.of(dailyKm, 15),
        List.of(
            new Block("am_route", new ClockDist("06:15", 15), Dist.of(120, 15), 0.5, 1.0),
            new Block("pm_route", new ClockDist("14:00", 15), Dist.of(135, 15), 0.5, 1.0)),
        Dist.of(0.80, 0.06), 1.2, 15, 0.8, 24, 60, 90, 15, new Range(70, 95));
  }

  static ArchetypeSpec transitBus() {
    // APTA Fact Book / NTD: about 100 mi per bus per service day, long split service day.
    return new ArchetypeSpec(TRANSIT_BUS, "40-ft battery-electric transit bus, two long blocks, daily service",
        "APTA Public Transportation Fact Book / FTA NTD (about 100 mi per day); NREL Foothill Transit BEB evaluations",
        new Range(350, 660), List.of("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN"), List.of(),
        Dist.of(round1(100 * MI_KM), 20),
        List.of(
            new Block("early_block", new ClockDist("05:30", 20), Dist.of(420, 30), 0.5, 1.0),
            new Block("late_block", new ClockDist("13:45", 20), Dist.of(435, 30), 0.5, 1.0)),
        Dist.of(1.30, 0.10), 1.2, 15, 0.8, 24, 150, 95, 15, new Range(75, 95));
  }

  static ArchetypeSpec deliveryVan() {
    return new ArchetypeSpec(DELIVERY_VAN, "Class 2b-3 electric delivery van, one daily route, Monday to Saturday",
        "battery range: issue 5; consumption: EPA rating of Ford E-Transit; distance: assumption (Fleet DNA delivery range)",
        new Range(70, 135), List.of("MON", "TUE", "WED", "THU", "FRI", "SAT"), List.of(),
        Dist.of(100, 18),
        List.of(new Block("route", new ClockDist("07:30", 30), Dist.of(570, 40), 1.0, 1.0)),
        Dist.of(0.35, 0.03), 1.2, 15, 0.8, 24, 50, 90, 10, new Range(60, 95));
  }

  static ArchetypeSpec refuseTruck() {
    return new ArchetypeSpec(REFUSE_TRUCK, "Electric refuse truck, one collection shift, weekdays",
        "assumption (battery of current products, e.g. Mack LR Electric 376 kWh)",
        new Range(330, 400), WEEKDAYS, List.of(),
        Dist.of(80, 12),
        List.of(new Block("collection", new ClockDist("06:00", 15), Dist.of(480, 30), 1.0, 1.0)),
        Dist.of(1.90, 0.15), 1.2, 15, 0.8, 24, 150, 95, 15, new Range(70, 95));
  }

  static ArchetypeSpec poolCar() {
    return new ArchetypeSpec(POOL_CAR, "Municipal pool car, one or two trips on weekdays",
        "assumption (compact EV, 60-80 kWh)",
        new Range(60, 80), WEEKDAYS, List.of(),
        Dist.of(45, 12),
        List.of(
            new Block("morning_trip", new ClockDist("09:00", 30), Dist.of(120, 20), 0.5, 0.8),
            new Block("afternoon_trip", new ClockDist("13:30", 30), Dist.of(150, 20), 0.5, 0.7)),
        Dist.of(0.17, 0.015), 1.2, 15, 0.8, 24, 11, 80, 10, new Range(60, 95));
  }

  private static double round1(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
