package energy.vgf.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import energy.vgf.charging.ChargerMeterValue;
import energy.vgf.dispatch.DispatchSetpoint;
import energy.vgf.dispatch.SetpointReason;
import energy.vgf.fleet.FleetConstraint;
import energy.vgf.metering.SiteMeterReading;
import energy.vgf.ocpp.bridge.BridgeConfig;
import energy.vgf.ocpp.kafka.BridgeService;
import energy.vgf.ocpp.kafka.EnrollmentTopic;
import energy.vgf.ocpp.kafka.KafkaSettings;
import energy.vgf.ocpp.kafka.SetpointPublisher;
import energy.vgf.ocpp.security.EnrolledCharger;
import energy.vgf.ocpp.security.PasswordHasher;
import energy.vgf.ocpp.security.SecurityProfile;
import energy.vgf.schemas.Topics;
import energy.vgf.simulator.RunSummary;
import energy.vgf.simulator.fleet.VehicleLedger;
import energy.vgf.simulator.output.Stream;
import energy.vgf.simulator.output.StreamSink;
import energy.vgf.simulator.scenario.Scenario;
import energy.vgf.simulator.scenario.ScenarioLoader;
import energy.vgf.simulator.twin.ChargerCredentials;
import energy.vgf.simulator.twin.DepotTwin;
import energy.vgf.simulator.twin.TwinCharger;
import energy.vgf.simulator.twin.TwinClock;
import energy.vgf.simulator.twin.TwinConfig;
import energy.vgf.telemetry.VehicleStatus;
import energy.vgf.telemetry.VehicleTelemetry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 8, fault test 3: dispatch stops for one simulated hour. The depot twin drives four shuttles' chargers over
 * OCPP against the real bridge and broker at 360 x; a dispatcher publishes a 16 kW DispatchSetpoint per charger every
 * 15 simulated minutes, valid to the interval's end plus a grace as the core job's are, and publishes nothing from
 * 01:00 to 02:00. The bridge's fail-safe is a TxDefaultProfile at half the charger's power and TxProfiles that
 * expire with their setpoint (at the latest after two dispatch intervals).
 *
 * <p>The dispatcher is a stand-in with the core job's setpoint shape, not the Flink job: the job runs on simulated
 * event time while the bridge and chargers run on the wall clock, and joining them takes the demo's second broker
 * and time relay (cli), which this module cannot depend on. What is under test is what happens when setpoints stop
 * arriving, which does not depend on who computed them.
 */
class DispatchStoppedIT {
  private static final Logger LOG = LoggerFactory.getLogger(DispatchStoppedIT.class);
  private static final double SPEED = 360;
  private static final Duration RUN_FOR = Duration.ofHours(5);
  private static final Duration INTERVAL = Duration.ofMinutes(15);
  /**
   * valid_to = interval end + this. The core job's 2 minutes cover delivery at real time; at 360 x the bridge's
   * whole-second validity and about a second of delivery latency are 6-12 simulated minutes, so the grace is 12.
   */
  private static final Duration GRACE = Duration.ofMinutes(12);
  private static final Duration STOP_FROM = Duration.ofHours(1);
  private static final Duration STOP_TO = Duration.ofHours(2);
  /** Just above the fail-safe rate, so that the hour without dispatch would cost departures if nothing charged. */
  private static final double DISPATCH_KW = 16.0;
  private static final double FAIL_SAFE_FRACTION = 0.5;
  private static final double CHARGER_KW = 30.0;
  private static final double EFFICIENCY = 0.94;
  private static final double FEEDER_LIMIT_KW = 100.0;
  private static final double BASE_LOAD_KW = 10.0;
  /** The charge-point simulator's 1 s wall-clock tick in simulated time. */
  private static final Duration TICK = Duration.ofSeconds((long) SPEED);

  private static OwnPlatform platform;
  private static BridgeService bridge;
  private static Scenario scenario;
  private static DepotTwin twin;
  private static TwinClock clock;
  private static RunSummary summary;
  private static ScheduledExecutorService dispatcher;
  private static final List<SpecificRecord> streams = new CopyOnWriteArrayList<>();
  private static final List<DispatchSetpoint> published = new CopyOnWriteArrayList<>();
  private static List<ChargerMeterValue> meterValues;

  @BeforeAll
  static void runTheDepotWithAnHourWithoutDispatch() throws Exception {
    platform = OwnPlatform.start();
    KafkaSettings kafka = KafkaSettings.of(platform.bootstrapServers(), platform.registryUrl());
    // Fail-safe validity is on the wall clock: two 15-minute intervals at 360 x are 5 s.
    bridge = new BridgeService(BridgeConfig.defaults().withListen("127.0.0.1", 0)
        .withSecurity(SecurityProfile.BASIC, null).withBootGrace(Duration.ofMillis(300))
        .withFailSafe(Duration.ofMillis((long) (INTERVAL.toMillis() / SPEED)), 2, FAIL_SAFE_FRACTION), kafka);
    scenario = ScenarioLoader.load(resource("scenarios/dispatch-stopped.yaml").toString());
    Map<String, String> passwords = new HashMap<>();
    for (TwinCharger c : TwinCharger.of(scenario)) {
      String pw = PasswordHasher.generatePassword();
      EnrollmentTopic.publish(kafka, new EnrolledCharger(c.chargerId(), c.depotId(), PasswordHasher.hash(pw, 1_000),
          c.bidirectional(), c.maxPowerKw(), c.minPowerKw(), c.phases(), c.voltageV(), Instant.now()));
      passwords.put(c.chargerId(), pw);
    }
    await().atMost(Duration.ofSeconds(20))
        .until(() -> passwords.keySet().stream().allMatch(id -> bridge.registry().get(id).isPresent()));
    await().atMost(Duration.ofSeconds(20)).until(bridge::isConsumingSetpoints);

    twin = new DepotTwin(scenario, TwinConfig.defaults(bridge.endpoint(), SPEED).withRunFor(RUN_FOR),
        ChargerCredentials.of(passwords));
    clock = twin.clock();
    StreamSink capture = new StreamSink() {
      @Override
      public void write(Stream stream, String key, long timestampMs, SpecificRecord value) {
        streams.add(value);
      }

      @Override
      public void close() {}
    };
    CompletableFuture<RunSummary> run = CompletableFuture.supplyAsync(() -> twin.run(capture));
    CompletableFuture.anyOf(run, clock.started()).get(60, TimeUnit.SECONDS);
    if (run.isCompletedExceptionally()) {
      run.join();
    }
    dispatcher = Executors.newSingleThreadScheduledExecutor();
    try (SetpointPublisher publisher = new SetpointPublisher(kafka)) {
      dispatcher.scheduleAtFixedRate(() -> dispatch(publisher), 0, 100, TimeUnit.MILLISECONDS);
      summary = run.get(3, TimeUnit.MINUTES);
      dispatcher.shutdownNow();
      dispatcher.awaitTermination(5, TimeUnit.SECONDS);
    }
    // The shuttles leave at 04:30: their chargers meter until then.
    Instant lastWanted = scenario.startInstant().plus(Duration.ofHours(4));
    meterValues = TopicReader.readUntil(platform.bootstrapServers(), platform.registryUrl(), Topics.CHARGER_METER,
        Duration.ofSeconds(30), (List<ChargerMeterValue> l) -> l.stream()
            .anyMatch(m -> clock.toSim(m.getTs()).isAfter(lastWanted)));
    twin.close();
  }

  private static long nextBoundaryMs = Long.MIN_VALUE;

  /** Publishes each charger's setpoint for the interval starting at the next boundary, except while stopped. */
  private static void dispatch(SetpointPublisher publisher) {
    Instant simNow = clock.simulatedNow();
    long boundary = Math.floorDiv(simNow.toEpochMilli(), INTERVAL.toMillis()) * INTERVAL.toMillis();
    if (boundary <= nextBoundaryMs) {
      return;
    }
    nextBoundaryMs = boundary;
    Instant from = Instant.ofEpochMilli(boundary);
    Duration offset = Duration.between(scenario.startInstant(), from);
    if (offset.compareTo(STOP_FROM) >= 0 && offset.compareTo(STOP_TO) < 0) {
      return; // dispatch is down
    }
    Instant now = Instant.now();
    for (TwinCharger c : twin.chargers()) {
      DispatchSetpoint sp = DispatchSetpoint.newBuilder().setSetpointId(UUID.randomUUID().toString())
          .setPlanId("stopped-" + from).setSiteId(c.depotId()).setChargerId(c.chargerId()).setPowerKw(DISPATCH_KW)
          .setValidFrom(clock.toWall(from)).setValidTo(clock.toWall(from.plus(INTERVAL).plus(GRACE)))
          .setReason(SetpointReason.OPTIMIZER).setCreatedAt(now).build();
      publisher.publish(sp);
      published.add(sp);
    }
  }

  @AfterAll
  static void stop() {
    if (dispatcher != null) {
      dispatcher.shutdownNow();
    }
    if (twin != null) {
      twin.close();
    }
    if (bridge != null) {
      bridge.close();
    }
    if (platform != null) {
      platform.close();
    }
  }

  // ------------------------------------------------------------------ behaviours

  @Test
  void everyFeasibleDepartureIsMetDespiteTheHourWithoutDispatch() {
    double failSafeKw = CHARGER_KW * FAIL_SAFE_FRACTION;
    int feasible = 0;
    int neededTheFailSafe = 0;
    for (VehicleLedger v : summary.ledgers()) {
      // The run ends before the shuttles are back, so the ledger has no completed trip: the constraint says when.
      FleetConstraint c = constraints().stream().filter(x -> x.getVehicleId().equals(v.vehicleId()))
          .min(Comparator.comparing(FleetConstraint::getDepartureTime)).orElseThrow();
      Instant departure = c.getDepartureTime();
      assertThat(departure).isBefore(scenario.startInstant().plus(RUN_FOR));
      // Feasible on the fail-safe rate alone, from the start to the departure: the guarantee the design gives.
      double hours = Duration.between(scenario.startInstant(), departure).toSeconds() / 3600.0;
      double reachablePct = v.initialSocKwh() / v.capacityKwh() * 100
          + failSafeKw * EFFICIENCY * hours / v.capacityKwh() * 100;
      if (reachablePct < c.getRequiredSocPct()) {
        continue;
      }
      feasible++;
      // Dispatch alone, with nothing charged in the stopped hour, would not have been enough.
      double withoutFailSafePct = v.initialSocKwh() / v.capacityKwh() * 100
          + DISPATCH_KW * EFFICIENCY * (hours - STOP_TO.minus(STOP_FROM).toSeconds() / 3600.0) / v.capacityKwh() * 100;
      if (withoutFailSafePct < c.getRequiredSocPct()) {
        neededTheFailSafe++;
      }
      VehicleTelemetry atDeparture = telemetry(v.vehicleId(), departure);
      LOG.info("{}: {} % at the start, leaves at {} with {} % (required {} %; {} % without the fail-safe hour)",
          v.vehicleId(), Math.round(v.initialSocKwh() / v.capacityKwh() * 1000) / 10.0, departure,
          atDeparture.getSocPct(), c.getRequiredSocPct(), Math.round(withoutFailSafePct * 10) / 10.0);
      assertThat(atDeparture.getStatus()).isEqualTo(VehicleStatus.DRIVING);
      assertThat(atDeparture.getSocPct()).as("%s leaves at %s with", v.vehicleId(), departure)
          .isGreaterThanOrEqualTo(c.getRequiredSocPct());
    }
    // The scenario is built so that every departure is feasible on the fail-safe alone: the test has teeth.
    assertThat(feasible).isEqualTo(summary.ledgers().size()).isEqualTo(4);
    assertThat(neededTheFailSafe).as("vehicles whose departure depended on the fail-safe hour").isPositive();
  }

  @Test
  void noSiteIntervalExceedsTheFeederLimitAndTheStoppedHourStaysWithinTheFailSafeDraw() {
    List<SiteMeterReading> readings = streams.stream().filter(r -> r instanceof SiteMeterReading)
        .map(r -> (SiteMeterReading) r).toList();
    assertThat(readings).hasSize((int) (RUN_FOR.toMinutes() / 15));
    Instant stopFrom = scenario.startInstant().plus(STOP_FROM);
    Instant stopTo = scenario.startInstant().plus(STOP_TO);
    // The fail-safe design's bound: every charger at its TxDefaultProfile plus the base load.
    double failSafeSiteKw = BASE_LOAD_KW + twin.chargers().size() * CHARGER_KW * FAIL_SAFE_FRACTION;
    for (SiteMeterReading r : readings) {
      double kw = r.getEnergyImportKwh() / 0.25;
      assertThat(kw).as("site demand %s", r.getIntervalStart()).isLessThanOrEqualTo(FEEDER_LIMIT_KW);
      // The whole intervals after the last setpoint expired (01:00 + grace) to the end of the stop.
      if (!r.getIntervalStart().isBefore(stopFrom.plus(Duration.ofMinutes(15)).plus(GRACE)) && r.getIntervalEnd().compareTo(stopTo) <= 0) {
        assertThat(kw).as("site demand %s without dispatch", r.getIntervalStart())
            .isLessThanOrEqualTo(failSafeSiteKw + 0.5);
      }
    }
  }

  @Test
  void chargersFollowDispatchThenFallBackToTheFailSafeRateWhileItIsStopped() {
    assertThat(published).isNotEmpty();
    Instant start = scenario.startInstant();
    // A tick and a minute inside each stretch: the chargers apply profiles at their next tick.
    Duration edge = TICK.plusMinutes(1);
    List<ChargerMeterValue> dispatched = charging(start.plus(Duration.ofMinutes(15)).plus(edge), start.plus(STOP_FROM));
    // The last setpoint before the stop (00:45-01:00) holds until 01:00 + grace; then the fail-safe.
    List<ChargerMeterValue> stopped = charging(start.plus(STOP_FROM).plus(GRACE).plus(edge), start.plus(STOP_TO));
    assertThat(dispatched).isNotEmpty()
        .allSatisfy(m -> assertThat(m.getPowerKw()).as("%s", m).isCloseTo(DISPATCH_KW, within(0.05)));
    // Without dispatch the chargers keep charging, at the TxDefaultProfile's rate.
    assertThat(stopped).isNotEmpty()
        .allSatisfy(m -> assertThat(m.getPowerKw()).as("%s", m).isCloseTo(CHARGER_KW * FAIL_SAFE_FRACTION, within(0.05)));
    assertThat(stopped.stream().map(ChargerMeterValue::getChargerId).distinct()).hasSize(4);
    LOG.info("{} setpoints published; {} meter values under dispatch, {} in the stopped hour at the fail-safe rate",
        published.size(), dispatched.size(), stopped.size());
  }

  // ------------------------------------------------------------------ helpers

  /** Meter values of running sessions below the taper (80 % SoC) with simulated time in [from, to). */
  private static List<ChargerMeterValue> charging(Instant from, Instant to) {
    return meterValues.stream().filter(m -> m.getSessionId() != null && m.getSocPct() != null && m.getSocPct() < 79)
        .filter(m -> {
          Instant t = clock.toSim(m.getTs());
          return !t.isBefore(from) && t.isBefore(to);
        }).toList();
  }

  private static List<FleetConstraint> constraints() {
    return streams.stream().filter(r -> r instanceof FleetConstraint).map(r -> (FleetConstraint) r).toList();
  }

  /** The twin's telemetry for a vehicle: the last report at or before {@code at} (at departure: the one leaving). */
  private static VehicleTelemetry telemetry(String vehicle, Instant at) {
    return streams.stream().filter(r -> r instanceof VehicleTelemetry t && t.getVehicleId().equals(vehicle)
            && !t.getTs().isAfter(at)).map(r -> (VehicleTelemetry) r)
        .max(Comparator.comparing(VehicleTelemetry::getTs)).orElseThrow();
  }

  private static Path resource(String name) {
    try {
      return Path.of(DispatchStoppedIT.class.getClassLoader().getResource(name).toURI());
    } catch (Exception e) {
      throw new IllegalStateException("test resource " + name + " missing", e);
    }
  }
}
