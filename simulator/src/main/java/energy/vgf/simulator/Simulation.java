package energy.vgf.simulator;

import energy.vgf.fleet.FleetConstraint;
import energy.vgf.market.MarketPrice;
import energy.vgf.simulator.depot.ChargePointFactory;
import energy.vgf.simulator.depot.Depot;
import energy.vgf.simulator.depot.PlugIn;
import energy.vgf.simulator.faults.FaultStats;
import energy.vgf.simulator.faults.TelemetryFaults;
import energy.vgf.simulator.fleet.Vehicle;
import energy.vgf.simulator.fleet.VehicleLedger;
import energy.vgf.simulator.grid.GridSignals;
import energy.vgf.simulator.market.OasisPriceFile;
import energy.vgf.simulator.market.PriceModel;
import energy.vgf.simulator.metering.SiteMeter;
import energy.vgf.simulator.output.Pacer;
import energy.vgf.simulator.output.Stream;
import energy.vgf.simulator.output.StreamSink;
import energy.vgf.simulator.scenario.DepotSpec;
import energy.vgf.simulator.scenario.FleetSpec;
import energy.vgf.simulator.scenario.Scenario;
import energy.vgf.simulator.weather.WeatherModel;
import energy.vgf.grid.GridConstraint;
import energy.vgf.telemetry.VehicleTelemetry;
import energy.vgf.weather.WeatherForecast;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a scenario in event time: one tick per telemetry driving interval; every tick handles
 * arrivals and departures (plug-in/plug-out at the depot twin), emits the telemetry that is due,
 * then drives the vehicles on trips and applies the chargers' power. Prices, forecasts and grid
 * signals are emitted at their publication times, meter readings at the end of each 15-min
 * interval, fleet constraints when a vehicle arrives. Everything comes out in event-time order and,
 * for a given scenario and seed, byte for byte the same.
 */
public final class Simulation {

  private static final Logger LOG = LoggerFactory.getLogger(Simulation.class);

  private final Scenario scenario;
  private final ChargePointFactory chargers;
  /** End of the run, epoch seconds: the scenario's end unless {@link #until} cut it short. */
  private final long endEpochS;

  public Simulation(Scenario scenario) {
    this(scenario, ChargePointFactory.UNCONTROLLED);
  }

  public Simulation(Scenario scenario, ChargePointFactory chargers) {
    this(scenario, chargers, scenario.endInstant().getEpochSecond());
  }

  private Simulation(Scenario scenario, ChargePointFactory chargers, long endEpochS) {
    this.scenario = scenario;
    this.chargers = chargers;
    this.endEpochS = endEpochS;
  }

  /**
   * The same run stopped at {@code end} (a whole tick after the start, at most the scenario's end):
   * the depot twin runs a few hours of a scenario without changing its dates, so the fleet schedule
   * is the one the full scenario has.
   */
  public Simulation until(Instant end) {
    long start = scenario.startInstant().getEpochSecond();
    long e = end.getEpochSecond();
    int step = scenario.telemetry().drivingIntervalS();
    if (e <= start || e > scenario.endInstant().getEpochSecond() || (e - start) % step != 0) {
      throw new IllegalArgumentException("end " + end + " must be after the start " + scenario.startInstant()
          + ", at most the end " + scenario.endInstant() + " and a whole number of " + step + " s ticks after the start");
    }
    return new Simulation(scenario, chargers, e);
  }

  /** Runs as fast as possible. */
  public RunSummary run(StreamSink sink) {
    return run(sink, Pacer.NONE, f -> { });
  }

  /**
   * @param pacer holds event time to a wall-clock speed (Pacer.NONE for files)
   * @param progress receives the share of the run done, once per simulated hour
   */
  public RunSummary run(StreamSink sink, Pacer pacer, DoubleConsumer progress) {
    long wallStart = System.nanoTime();
    ZoneId zone = scenario.zone();
    long start = scenario.startInstant().getEpochSecond();
    long end = endEpochS;
    int step = scenario.telemetry().drivingIntervalS();
    int parkedInterval = scenario.telemetry().parkedIntervalS();
    Counter out = new Counter(sink);

    List<Depot> depots = new ArrayList<>();
    List<SiteMeter> meters = new ArrayList<>();
    List<Vehicle> vehicles = new ArrayList<>();
    List<Scheduled> scheduled = new ArrayList<>();
    LocalDate firstDate = scenario.startDate();
    for (DepotSpec d : scenario.depots()) {
      Depot depot = new Depot(d, chargers);
      depots.add(depot);
      meters.add(new SiteMeter(d, zone, scenario.seed(), start, scenario.faults().enabled() ? scenario.faults().meterMissingPct() : 0));
      WeatherModel weather = new WeatherModel(scenario, d);
      for (WeatherForecast f : weather.forecasts(scenario.startInstant(), scenario.endInstant())) {
        scheduled.add(new Scheduled(f.getIssuedAt().getEpochSecond(), Stream.WEATHER_FORECAST, f.getLocationId(), f));
      }
      for (FleetSpec fleet : d.fleets()) {
        for (int i = 1; i <= fleet.count(); i++) {
          String id = String.format("%s-%03d", fleet.id(), i);
          vehicles.add(new Vehicle(id, fleet.id(), scenario.archetypes().get(fleet.archetype()), depot, weather, zone,
              Seeds.stream(scenario.seed(), "vehicle:" + id), firstDate));
        }
      }
    }
    schedulePrices(scheduled);
    for (GridConstraint g : GridSignals.of(scenario)) {
      scheduled.add(new Scheduled(g.getIssuedAt().getEpochSecond(), Stream.GRID_CONSTRAINT, g.getScopeId(), g));
    }
    // Stable: same-time records keep their generation order.
    scheduled.sort(Comparator.comparingLong(Scheduled::atS));

    TelemetryFaults[] faults = new TelemetryFaults[vehicles.size()];
    List<Consumer<VehicleTelemetry>> telemetryOut = new ArrayList<>();
    for (int v = 0; v < vehicles.size(); v++) {
      if (scenario.faults().enabled()) {
        faults[v] = new TelemetryFaults(scenario.faults(),
            Seeds.stream(scenario.seed(), "faults:" + vehicles.get(v).vehicleId()));
      }
      String key = vehicles.get(v).vehicleId();
      telemetryOut.add(r -> out.write(Stream.VEHICLE_TELEMETRY, key, r.getTs().toEpochMilli(), r));
    }

    int next = 0;
    next = emitScheduled(scheduled, next, start, start, out);
    LocalDate today = firstDate;
    long nextMidnight = today.plusDays(1).atStartOfDay(zone).toEpochSecond();
    long lookaheadLimit = LocalDate.ofEpochDay(firstDate.toEpochDay() + scenario.days() + 40).toEpochDay();
    long[] nextReport = new long[vehicles.size()];
    for (int v = 0; v < vehicles.size(); v++) {
      Vehicle vehicle = vehicles.get(v);
      vehicle.planThrough(today.plusDays(2));
      // Every vehicle starts the run parked and plugged in at its depot.
      vehicle.depot().arrive(start, vehicle);
      emitConstraint(vehicle, start, lookaheadLimit, out);
      nextReport[v] = start;
    }

    long totalS = end - start;
    long nextProgress = start + 3600;
    for (long t = start; t < end; t += step) {
      pacer.await(t);
      next = emitScheduled(scheduled, next, t, t, out);
      for (SiteMeter m : meters) {
        if (m.due(t)) {
          out.write(Stream.SITE_METER, m.depot().id(), t * 1000, m.read());
        }
      }
      if (t >= nextMidnight) {
        today = today.plusDays(1);
        nextMidnight = today.plusDays(1).atStartOfDay(zone).toEpochSecond();
        for (Vehicle vehicle : vehicles) {
          vehicle.planThrough(today.plusDays(2));
        }
      }
      for (int v = 0; v < vehicles.size(); v++) {
        Vehicle vehicle = vehicles.get(v);
        if (vehicle.arriveIfDue(t)) {
          emitConstraint(vehicle, t, lookaheadLimit, out);
          nextReport[v] = t;
        }
        if (vehicle.departIfDue(t)) {
          nextReport[v] = t;
        }
        if (vehicle.driving() || t >= nextReport[v]) {
          VehicleTelemetry r = vehicle.observe(t);
          if (faults[v] != null) {
            faults[v].offer(r, telemetryOut.get(v));
          } else {
            telemetryOut.get(v).accept(r);
          }
          nextReport[v] = t + (vehicle.driving() ? step : parkedInterval);
        }
      }
      for (Vehicle vehicle : vehicles) {
        vehicle.drive(t, step);
      }
      for (int d = 0; d < depots.size(); d++) {
        meters.get(d).add(depots.get(d).step(t, step), step);
      }
      if (t + step >= nextProgress) {
        progress.accept((double) (t + step - start) / totalS);
        nextProgress += 3600;
      }
    }
    pacer.await(end);
    for (SiteMeter m : meters) {
      if (m.due(end)) {
        out.write(Stream.SITE_METER, m.depot().id(), end * 1000, m.read());
      }
    }
    FaultStats faultStats = FaultStats.NONE;
    for (int v = 0; v < vehicles.size(); v++) {
      if (faults[v] != null) {
        faults[v].flush(telemetryOut.get(v));
        faultStats = faultStats.plus(faults[v].stats());
      }
    }
    emitScheduled(scheduled, next, end, end, out);
    progress.accept(1.0);

    List<VehicleLedger> ledgers = vehicles.stream().map(Vehicle::ledger).toList();
    List<SiteMeter.MeterTotals> meterTotals = meters.stream().map(SiteMeter::totals).toList();
    double elapsed = (System.nanoTime() - wallStart) / 1e9;
    LOG.debug("scenario {}: {} vehicles, {} days, {} records in {} s", scenario.name(), vehicles.size(), scenario.days(),
        out.total(), elapsed);
    List<PlugIn> plugIns = depots.stream().flatMap(d -> d.plugIns().stream())
        .sorted(Comparator.comparingLong(PlugIn::epochS)).toList();
    return new RunSummary(scenario.name(), vehicles.size(), scenario.days(), out.counts(), ledgers, meterTotals,
        faultStats, elapsed, plugIns);
  }

  private void schedulePrices(List<Scheduled> scheduled) {
    List<MarketPrice> prices;
    if (scenario.market().priceFile() != null) {
      prices = new ArrayList<>();
      long from = scenario.startInstant().toEpochMilli();
      long to = scenario.endInstant().plusSeconds(86_400).toEpochMilli();
      for (MarketPrice p : OasisPriceFile.read(Path.of(scenario.market().priceFile()), scenario.market().iso())) {
        long s = p.getIntervalStart().toEpochMilli();
        if (s >= from && s < to) {
          // Replayed prices are emitted when they would have been known: DA at 13:00 the day before, RT at interval end.
          Instant known = p.getMarket() == energy.vgf.market.MarketType.DAY_AHEAD
              ? p.getIntervalStart().atZone(scenario.zone()).toLocalDate().minusDays(1).atTime(13, 0)
                  .atZone(scenario.zone()).toInstant()
              : p.getIntervalEnd();
          scheduled.add(new Scheduled(known.getEpochSecond(), Stream.MARKET_PRICE, p.getIso() + ":" + p.getNode(), p));
        }
      }
      return;
    }
    PriceModel model = new PriceModel(scenario);
    List<MarketPrice> dayAhead = model.dayAhead();
    for (MarketPrice p : dayAhead) {
      scheduled.add(new Scheduled(p.getPublishedAt().getEpochSecond(), Stream.MARKET_PRICE, model.key(), p));
    }
    for (MarketPrice p : model.realTime(dayAhead)) {
      scheduled.add(new Scheduled(p.getPublishedAt().getEpochSecond(), Stream.MARKET_PRICE, model.key(), p));
    }
  }

  /** Emits scheduled records due by {@code t}; those published before the run starts come out at its start. */
  private static int emitScheduled(List<Scheduled> scheduled, int next, long t, long emitAt, Counter out) {
    while (next < scheduled.size() && scheduled.get(next).atS() <= t) {
      Scheduled s = scheduled.get(next++);
      out.write(s.stream(), s.key(), Math.max(s.atS(), emitAt) * 1000, s.record());
    }
    return next;
  }

  private void emitConstraint(Vehicle vehicle, long t, long lookaheadLimitEpochDay, Counter out) {
    LocalDate planned = Instant.ofEpochSecond(t).atZone(scenario.zone()).toLocalDate().plusDays(2);
    while (vehicle.nextDepartureEpochS() == Long.MAX_VALUE && planned.toEpochDay() < lookaheadLimitEpochDay) {
      planned = planned.plusDays(1);
      vehicle.planThrough(planned);
    }
    long departure = vehicle.nextDepartureEpochS();
    if (departure == Long.MAX_VALUE) {
      return;
    }
    Instant dep = Instant.ofEpochSecond(departure);
    FleetConstraint c = new FleetConstraint(vehicle.vehicleId() + "@" + dep, vehicle.fleetId(), vehicle.vehicleId(),
        null, dep, vehicle.requiredSocPct(), true, null, null, Instant.ofEpochSecond(t));
    out.write(Stream.FLEET_CONSTRAINT, vehicle.vehicleId(), t * 1000, c);
  }

  private record Scheduled(long atS, Stream stream, String key, SpecificRecord record) {}

  /** Counts records per stream on their way to the sink. */
  private static final class Counter {
    private final StreamSink sink;
    private final long[] counts = new long[Stream.values().length];

    Counter(StreamSink sink) {
      this.sink = sink;
    }

    void write(Stream stream, String key, long timestampMs, SpecificRecord value) {
      counts[stream.ordinal()]++;
      sink.write(stream, key, timestampMs, value);
    }

    long total() {
      long s = 0;
      for (long c : counts) {
        s += c;
      }
      return s;
    }

    Map<Stream, Long> counts() {
      Map<Stream, Long> m = new LinkedHashMap<>();
      for (Stream s : Stream.values()) {
        m.put(s, counts[s.ordinal()]);
      }
      return m;
    }
  }
}
