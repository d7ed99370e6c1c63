package energy.vgf.simulator.calibration;

import energy.vgf.simulator.RunSummary;
import energy.vgf.simulator.Simulation;
import energy.vgf.simulator.fleet.ArchetypeSpec;
import energy.vgf.simulator.fleet.Block;
import energy.vgf.simulator.fleet.Trip;
import energy.vgf.simulator.fleet.VehicleLedger;
import energy.vgf.simulator.output.Stream;
import energy.vgf.simulator.output.StreamSink;
import energy.vgf.simulator.scenario.FaultSpec;
import energy.vgf.simulator.scenario.Scenario;
import energy.vgf.telemetry.VehicleStatus;
import energy.vgf.telemetry.VehicleTelemetry;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * Runs a scenario (without faults) and compares what it generated with each archetype's targets:
 * daily distance on driving days (from the telemetry odometer), first departure and last return
 * (local time, from the trips driven), midday dwell for two-block archetypes, and driving days per
 * week. Targets are the archetypes' configured means, which are the published figures they cite.
 */
public final class Calibration {

  /** The bundled scenario with every archetype, four school weeks. */
  public static final String SCENARIO = "calibration";

  private Calibration() {}

  public static CalibrationReport run(Scenario scenario) {
    Scenario clean = scenario.withFaults(FaultSpec.NONE);
    OdometerDays odometer = new OdometerDays(clean.zone());
    RunSummary summary;
    try (StreamSink sink = odometer) {
      summary = new Simulation(clean).run(sink);
    }
    ZoneId zone = clean.zone();
    Map<String, List<VehicleLedger>> byArchetype = new LinkedHashMap<>();
    for (VehicleLedger l : summary.ledgers()) {
      byArchetype.computeIfAbsent(l.archetype(), k -> new ArrayList<>()).add(l);
    }
    List<CalibrationReport.Row> rows = new ArrayList<>();
    for (Map.Entry<String, List<VehicleLedger>> e : byArchetype.entrySet()) {
      ArchetypeSpec spec = clean.archetypes().get(e.getKey());
      List<Double> distances = new ArrayList<>();
      List<Double> firstDepartures = new ArrayList<>();
      List<Double> lastReturns = new ArrayList<>();
      List<Double> dwells = new ArrayList<>();
      long drivingDays = 0;
      for (VehicleLedger l : e.getValue()) {
        distances.addAll(odometer.dailyKm(l.vehicleId()));
        Map<LocalDate, List<Trip>> byDay = new LinkedHashMap<>();
        for (Trip t : l.trips()) {
          byDay.computeIfAbsent(local(t.departEpochS(), zone).toLocalDate(), k -> new ArrayList<>()).add(t);
        }
        for (List<Trip> trips : byDay.values()) {
          firstDepartures.add(minutes(trips.get(0).departEpochS(), zone));
          lastReturns.add(minutes(trips.get(trips.size() - 1).arriveEpochS(), zone));
          if (trips.size() == 2 && spec.blocks().size() == 2) {
            dwells.add((trips.get(1).departEpochS() - trips.get(0).arriveEpochS()) / 60.0);
          }
        }
        drivingDays += byDay.size();
      }
      String name = e.getKey();
      String src = spec.source();
      rows.add(row(name, "daily distance, driving days", "km", spec.dailyDistanceKm().mean(), distances, src));
      rows.add(row(name, "first departure", "min", expectedFirstDeparture(spec), firstDepartures, src));
      rows.add(row(name, "last return", "min", expectedLastReturn(spec), lastReturns, src));
      if (spec.blocks().size() == 2 && spec.blocks().stream().allMatch(b -> b.probability() == 1.0)) {
        Block a = spec.blocks().get(0);
        Block b = spec.blocks().get(1);
        double target = b.departure().meanMinutes() - a.departure().meanMinutes() - a.durationMin().mean();
        rows.add(row(name, "midday dwell", "min", target, dwells, src));
      }
      double expectedDays = expectedDrivingDays(spec, clean) * e.getValue().size();
      rows.add(new CalibrationReport.Row(name, "driving days per vehicle", "days",
          expectedDays / e.getValue().size(), (double) drivingDays / e.getValue().size(), e.getValue().size(),
          "archetype calendar"));
    }
    return new CalibrationReport(clean.name(), clean.seed(), clean.days(), rows);
  }

  private static CalibrationReport.Row row(String archetype, String metric, String unit, double target,
      List<Double> values, String source) {
    double mean = values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    return new CalibrationReport.Row(archetype, metric, unit, target, mean, values.size(), source);
  }

  /** Mean first departure given that at least one block runs (pool cars skip blocks). */
  static double expectedFirstDeparture(ArchetypeSpec spec) {
    double none = 1;
    double sum = 0;
    for (Block b : spec.blocks()) {
      sum += none * b.probability() * b.departure().meanMinutes();
      none *= 1 - b.probability();
    }
    return sum / (1 - none);
  }

  static double expectedLastReturn(ArchetypeSpec spec) {
    double none = 1;
    double sum = 0;
    List<Block> blocks = spec.blocks();
    for (int i = blocks.size() - 1; i >= 0; i--) {
      Block b = blocks.get(i);
      sum += none * b.probability() * (b.departure().meanMinutes() + b.durationMin().mean());
      none *= 1 - b.probability();
    }
    return sum / (1 - none);
  }

  /** Service days in the run times the chance that at least one block runs. */
  static double expectedDrivingDays(ArchetypeSpec spec, Scenario scenario) {
    double none = 1;
    for (Block b : spec.blocks()) {
      none *= 1 - b.probability();
    }
    long serviceDays = 0;
    for (int d = 0; d < scenario.days(); d++) {
      if (spec.isServiceDay(scenario.startDate().plusDays(d))) {
        serviceDays++;
      }
    }
    return serviceDays * (1 - none);
  }

  private static ZonedDateTime local(long epochS, ZoneId zone) {
    return Instant.ofEpochSecond(epochS).atZone(zone);
  }

  private static double minutes(long epochS, ZoneId zone) {
    ZonedDateTime t = local(epochS, zone);
    return t.getHour() * 60 + t.getMinute() + t.getSecond() / 60.0;
  }

  /** Distance per local day with driving, from the first and last odometer reading of the day. */
  private static final class OdometerDays implements StreamSink {
    private final ZoneId zone;
    private final Map<String, DayState> state = new HashMap<>(); // lookup only, never iterated
    private final Map<String, List<Double>> days = new HashMap<>();

    OdometerDays(ZoneId zone) {
      this.zone = zone;
    }

    @Override
    public void write(Stream stream, String key, long timestampMs, SpecificRecord value) {
      if (stream != Stream.VEHICLE_TELEMETRY) {
        return;
      }
      VehicleTelemetry t = (VehicleTelemetry) value;
      LocalDate date = t.getTs().atZone(zone).toLocalDate();
      DayState s = state.computeIfAbsent(t.getVehicleId(), k -> new DayState());
      if (!date.equals(s.date)) {
        s.close(days.computeIfAbsent(t.getVehicleId(), k -> new ArrayList<>()));
        s.date = date;
        s.firstKm = t.getOdometerKm();
        s.drove = false;
      }
      s.lastKm = t.getOdometerKm();
      s.drove |= t.getStatus() == VehicleStatus.DRIVING;
    }

    List<Double> dailyKm(String vehicleId) {
      DayState s = state.get(vehicleId);
      List<Double> list = days.computeIfAbsent(vehicleId, k -> new ArrayList<>());
      if (s != null) {
        s.close(list);
        s.date = null;
      }
      return list;
    }

    @Override
    public void close() {}

    private static final class DayState {
      LocalDate date;
      double firstKm;
      double lastKm;
      boolean drove;

      void close(List<Double> into) {
        if (date != null && drove) {
          into.add(lastKm - firstKm);
        }
        drove = false;
      }
    }
  }
}
