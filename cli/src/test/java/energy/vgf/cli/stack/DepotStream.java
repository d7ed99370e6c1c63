package energy.vgf.cli.stack;

import energy.vgf.charging.ChargerStatus;
import energy.vgf.charging.ConnectorStatus;
import energy.vgf.fleet.FleetConstraint;
import energy.vgf.market.MarketPrice;
import energy.vgf.market.MarketType;
import energy.vgf.schemas.Topics;
import energy.vgf.simulator.Simulation;
import energy.vgf.simulator.output.Stream;
import energy.vgf.simulator.output.StreamSink;
import energy.vgf.simulator.scenario.Scenario;
import energy.vgf.simulator.scenario.ScenarioLoader;
import energy.vgf.telemetry.TelematicsProvider;
import energy.vgf.telemetry.VehicleStatus;
import energy.vgf.telemetry.VehicleTelemetry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.apache.avro.specific.SpecificRecord;

/**
 * A deterministic depot stream for a seed, cut into 15-min steps of event time: the simulator's streams for the
 * default scenario (scaled down: telemetry, fleet constraints, site meter, prices, weather, grid signals), plus
 * per depot {@value #PLUGGED_PER_DEPOT} vehicles that stay plugged in on the depot's chargers all run long. The
 * simulator has no charger streams (chargers speak OCPP through the bridge), so without these no vehicle would be
 * plugged in and dispatch would have nothing to plan; keeping them plugged makes the dispatch's setpoint ids a
 * function of event time alone (site, interval, charger), which is what lets two runs be compared exactly.
 *
 * <p>Day-ahead prices are left out. The core job takes a price's event time from its interval start, and the
 * simulator publishes the next day's 24 hourly prices at 13:00 the day before: whenever telemetry pauses for longer
 * than the source idleness (as it does between this test's steps), the dispatch watermark follows the price feed up
 * to 35 h ahead and fires all those boundaries at once. The real-time prices, published at their interval's end,
 * keep the price path of dispatch exercised.
 */
final class DepotStream {

  static final long INTERVAL_MS = 15 * 60_000L;
  static final int PLUGGED_PER_DEPOT = 3;
  static final List<String> DEPOTS = List.of("depot-pomona", "depot-commerce", "depot-elmonte");

  /** One record as it goes to Kafka: topic, key, record timestamp = event time. */
  record Rec(String topic, String key, long tsMs, SpecificRecord value) {}

  /** A vehicle of the overlay and the charger it stays on. */
  record Plugged(String siteId, String vehicleId, String chargerId) {}

  final Instant start;
  final int steps;
  final List<Plugged> plugged = new ArrayList<>();
  private final List<List<Rec>> bySteps = new ArrayList<>();

  private DepotStream(Instant start, int steps) {
    this.start = start;
    this.steps = steps;
    for (int i = 0; i < steps; i++) {
      bySteps.add(new ArrayList<>());
    }
  }

  static DepotStream generate(long seed, int vehicles, int steps) {
    Scenario scenario = ScenarioLoader.load(ScenarioLoader.DEFAULT).withSeed(seed).withVehicles(vehicles);
    DepotStream s = new DepotStream(scenario.startInstant(), steps);
    Instant end = s.start.plusMillis(steps * INTERVAL_MS);
    List<Rec> all = new ArrayList<>();
    new Simulation(scenario).until(end).run(new StreamSink() {
      @Override
      public void write(Stream stream, String key, long timestampMs, SpecificRecord value) {
        if (value instanceof MarketPrice p && p.getMarket() == MarketType.DAY_AHEAD) {
          return; // see the class comment
        }
        all.add(new Rec(stream.topic(), key, timestampMs, value));
      }

      @Override
      public void close() {
      }
    });
    Random random = new Random(seed);
    long t0 = s.start.toEpochMilli();
    for (String depot : DEPOTS) {
      for (int i = 0; i < PLUGGED_PER_DEPOT; i++) {
        Plugged p = new Plugged(depot, "ft-" + depot + "-" + i, "ft-cp-" + depot + "-" + i);
        s.plugged.add(p);
        // Inside the first interval (not before it): every site's first vehicle then schedules dispatch from
        // the second boundary, whichever topic the job happens to read first.
        long plugMs = t0 + 60_000L + i * 1_000L;
        all.add(new Rec(Topics.CHARGER_STATUS, p.chargerId(), plugMs, ChargerStatus.newBuilder()
            .setChargerId(p.chargerId()).setConnectorId(1).setTs(Instant.ofEpochMilli(plugMs))
            .setStatus(ConnectorStatus.CHARGING).setOcppVersion("ocpp2.0.1").setSiteId(depot)
            .setVehicleId(p.vehicleId()).build()));
        all.add(new Rec(Topics.FLEET_CONSTRAINT, p.vehicleId(), plugMs, FleetConstraint.newBuilder()
            .setConstraintId("ft-c-" + p.vehicleId()).setFleetId("ft-fleet").setVehicleId(p.vehicleId())
            .setDepartureTime(Instant.ofEpochMilli(t0 + (steps + 8) * INTERVAL_MS))
            .setRequiredSocPct(80 + random.nextInt(16)).setIssuedAt(Instant.ofEpochMilli(plugMs)).build()));
        double socPct = 20 + random.nextInt(21);
        for (int k = 0; k < steps; k++) {
          // Two readings per interval, late in it, so that each step moves event time well past its boundary.
          for (long offsetMs : new long[] {5 * 60_000L, 13 * 60_000L}) {
            long ts = t0 + k * INTERVAL_MS + offsetMs + i * 1_000L;
            socPct = Math.min(100, socPct + 0.5 + random.nextDouble());
            all.add(new Rec(Topics.VEHICLE_TELEMETRY, p.vehicleId(), ts, VehicleTelemetry.newBuilder()
                .setProvider(TelematicsProvider.SIMULATOR).setVehicleId(p.vehicleId()).setTs(Instant.ofEpochMilli(ts))
                .setSocPct(Math.round(socPct * 10) / 10.0).setStatus(VehicleStatus.CHARGING).setDepotId(depot)
                .setFleetId("ft-fleet").build()));
          }
        }
      }
    }
    // Stable sort: the simulator's own order is kept within a timestamp.
    all.sort(Comparator.comparingLong(Rec::tsMs));
    for (Rec r : all) {
      int step = (int) Math.min(steps - 1, Math.max(0, Math.floorDiv(r.tsMs() - t0, INTERVAL_MS)));
      s.bySteps.get(step).add(r);
    }
    return s;
  }

  List<Rec> step(int k) {
    return bySteps.get(k);
  }

  List<Rec> all() {
    return bySteps.stream().flatMap(List::stream).toList();
  }

  Instant boundary(int k) {
    return start.plusMillis(k * INTERVAL_MS);
  }

  /** The setpoint ids dispatch must emit once the watermark has passed boundary k: one per plugged charger. */
  List<String> expectedSetpointIds(int k) {
    return plugged.stream().map(p -> p.siteId() + "@" + boundary(k) + "/" + p.chargerId() + "/0").toList();
  }
}
