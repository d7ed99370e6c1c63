package energy.vgf.simulator.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import energy.vgf.charging.ChargerMeterValue;
import energy.vgf.charging.ChargingSession;
import energy.vgf.charging.SessionEvent;
import energy.vgf.dispatch.AckStatus;
import energy.vgf.dispatch.DispatchAck;
import energy.vgf.dispatch.DispatchSetpoint;
import energy.vgf.dispatch.SetpointReason;
import energy.vgf.ocpp.bridge.BridgeConfig;
import energy.vgf.ocpp.kafka.BridgeService;
import energy.vgf.ocpp.kafka.EnrollmentTopic;
import energy.vgf.ocpp.kafka.KafkaSettings;
import energy.vgf.ocpp.kafka.SetpointPublisher;
import energy.vgf.ocpp.security.EnrolledCharger;
import energy.vgf.ocpp.security.PasswordHasher;
import energy.vgf.ocpp.security.SecurityProfile;
import energy.vgf.schemas.Topics;
import energy.vgf.serde.SerdeConfig;
import energy.vgf.serde.kafka.VgfAvroDeserializer;
import energy.vgf.simulator.RunSummary;
import energy.vgf.simulator.fleet.VehicleLedger;
import energy.vgf.simulator.output.KafkaStreamSink;
import energy.vgf.simulator.output.Stream;
import energy.vgf.simulator.output.StreamSink;
import energy.vgf.simulator.scenario.Scenario;
import energy.vgf.simulator.scenario.ScenarioLoader;
import energy.vgf.telemetry.VehicleStatus;
import energy.vgf.telemetry.VehicleTelemetry;
import energy.vgf.testing.PlatformExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The depot twin in closed loop with the real bridge, broker and registry: three shuttles on three
 * 30 kW DC chargers for the first four simulated hours of a day at 360 x (40 s), uncontrolled except
 * for one DispatchSetpoint of 10 kW on the first charger from 00:40 to 01:20 (simulated). One run,
 * several behaviours asserted on what it published.
 */
@ExtendWith(PlatformExtension.class)
class DepotTwinIT {

  private static final double SPEED = 360;
  private static final Duration RUN_FOR = Duration.ofHours(4);
  private static final String LIMITED = "depot-twin-it-cp-001";
  private static final double LIMIT_KW = 10.0;
  private static final double FULL_KW = 30.0;
  private static final double EFFICIENCY = 0.94;
  private static final double CAPACITY_KWH = 100;
  private static final Duration SETPOINT_FROM = Duration.ofMinutes(40);
  private static final Duration SETPOINT_TO = Duration.ofMinutes(80);
  /** The charge-point simulator's 1 s wall-clock tick in simulated time. */
  private static final Duration TICK = Duration.ofSeconds((long) SPEED);

  private static KafkaSettings kafka;
  private static BridgeService bridge;
  private static Scenario scenario;
  private static DepotTwin twin;
  private static TwinClock clock;
  private static RunSummary summary;
  private static DispatchSetpoint setpoint;
  private static final List<SpecificRecord> chargerRecords = new CopyOnWriteArrayList<>();
  private static List<VehicleTelemetry> telemetry;
  private static Thread tail;
  private static volatile boolean tailing = true;

  @BeforeAll
  static void runTheTwinAgainstTheBridge() throws Exception {
    kafka = KafkaSettings.of(PlatformExtension.bootstrapServers(), PlatformExtension.registryUrl());
    // The uncontrolled baseline needs a full-power TxDefaultProfile (fail-safe fraction 1). Fail-safe
    // validity is on the wall clock: 2 x 15 s covers 3 simulated hours at 360 x.
    bridge = new BridgeService(BridgeConfig.defaults().withListen("127.0.0.1", 0)
        .withSecurity(SecurityProfile.BASIC, null).withBootGrace(Duration.ofMillis(300))
        .withFailSafe(Duration.ofSeconds(15), 2, 1.0), kafka);
    tail = new Thread(DepotTwinIT::tailChargerTopics, "twin-it-tail");
    tail.setDaemon(true);
    tail.start();

    scenario = ScenarioLoader.load("twin-it");
    Map<String, String> passwords = new HashMap<>();
    for (TwinCharger c : TwinCharger.of(scenario)) {
      String pw = PasswordHasher.generatePassword();
      // As `vgf chargers add` does; a low iteration count keeps the test fast (the hash carries it).
      EnrollmentTopic.publish(kafka, new EnrolledCharger(c.chargerId(), c.depotId(), PasswordHasher.hash(pw, 1_000),
          c.bidirectional(), c.maxPowerKw(), c.minPowerKw(), c.phases(), c.voltageV(), Instant.now()));
      passwords.put(c.chargerId(), pw);
    }
    await().atMost(Duration.ofSeconds(20))
        .until(() -> passwords.keySet().stream().allMatch(id -> bridge.registry().get(id).isPresent()));
    await().atMost(Duration.ofSeconds(20)).until(bridge::isConsumingSetpoints);

    twin = new DepotTwin(scenario, TwinConfig.defaults(bridge.endpoint(), SPEED).withRunFor(RUN_FOR),
        ChargerCredentials.of(passwords));
    StreamSink sink = new KafkaStreamSink(PlatformExtension.bootstrapServers(), PlatformExtension.registryUrl());
    CompletableFuture<RunSummary> run = CompletableFuture.supplyAsync(() -> {
      try (sink) {
        return twin.run(sink);
      }
    });
    clock = twin.clock();
    // The clock starts once the chargers are ready; a run that fails before surfaces here.
    CompletableFuture.anyOf(run, clock.started()).get(60, TimeUnit.SECONDS);
    if (run.isCompletedExceptionally()) {
      run.join();
    }

    // What a dispatcher does for simulated [00:40, 01:20): the bridge reads validity on the wall clock.
    Instant start = scenario.startInstant();
    Instant now = Instant.now();
    setpoint = DispatchSetpoint.newBuilder().setSetpointId(UUID.randomUUID().toString()).setPlanId("twin-it")
        .setSiteId("depot-twin-it").setChargerId(LIMITED).setPowerKw(LIMIT_KW)
        .setValidFrom(clock.toWall(start.plus(SETPOINT_FROM))).setValidTo(clock.toWall(start.plus(SETPOINT_TO)))
        .setReason(SetpointReason.OPTIMIZER).setCreatedAt(now).build();
    try (SetpointPublisher publisher = new SetpointPublisher(kafka)) {
      publisher.publish(setpoint);
    }

    summary = run.get(3, TimeUnit.MINUTES);
    twin.close(); // ends the sessions still running
    await().atMost(Duration.ofSeconds(30)).until(() -> sessions(SessionEvent.ENDED).size() >= 6);
    telemetry = readTelemetry(summary.records().get(Stream.VEHICLE_TELEMETRY));
  }

  @AfterAll
  static void stop() throws Exception {
    tailing = false;
    if (tail != null) {
      tail.join(5000);
    }
    if (twin != null) {
      twin.close();
    }
    if (bridge != null) {
      bridge.close();
    }
  }

  // ------------------------------------------------------------------ behaviours

  @Test
  void vehiclesPlugInAtTheStartAndOnArrivalAndOutAtDeparture() {
    for (VehicleLedger v : summary.ledgers()) {
      assertThat(v.trips()).as(v.vehicleId()).hasSize(1);
      List<ChargingSession> started = sessions(SessionEvent.STARTED).stream()
          .filter(s -> v.vehicleId().equals(s.getVehicleId())).toList();
      List<ChargingSession> ended = sessions(SessionEvent.ENDED).stream()
          .filter(s -> v.vehicleId().equals(s.getVehicleId())).toList();
      // Plugged in at the start, out at the 01:30 departure, in at the 02:30 arrival, out when the twin closes.
      assertThat(started).as(v.vehicleId()).hasSize(2);
      assertThat(ended).as(v.vehicleId()).hasSize(2);
      Instant firstEnd = ended.stream().map(ChargingSession::getTs).min(Comparator.naturalOrder()).orElseThrow();
      assertThat(clock.toSim(firstEnd)).as(v.vehicleId() + " unplugged at departure")
          .isBetween(Instant.ofEpochSecond(v.trips().get(0).departEpochS()).minusSeconds(600), Instant.ofEpochSecond(v.trips().get(0).departEpochS()).plusSeconds(600));
    }
  }

  @Test
  void chargesAtFullPowerWithoutDispatch() {
    List<ChargerMeterValue> unlimited = meterValues().stream()
        .filter(m -> !m.getChargerId().equals(LIMITED) && m.getSocPct() != null && m.getSocPct() < 79
            && m.getSessionId() != null && m.getPowerKw() > 0)
        .toList();
    assertThat(unlimited).hasSizeGreaterThan(20);
    assertThat(unlimited).allSatisfy(m -> assertThat(m.getPowerKw()).isCloseTo(FULL_KW, within(0.05)));
  }

  @Test
  void socInTelemetryRisesAsTheChargersMeterWithoutDispatch() {
    // Until the setpoint (00:40, or a tick earlier) no vehicle is limited: 30 kW x 0.94 into 100 kWh
    // is 28.2 %/h. The twin follows the meter with a lag of up to about one charger tick (6 simulated
    // minutes); telemetry comes every 5 minutes while parked.
    Duration window = Duration.ofMinutes(30);
    double pctPerHour = FULL_KW * EFFICIENCY / CAPACITY_KWH * 100;
    for (String vehicle : vehicles()) {
      double rise = soc(vehicle, window) - soc(vehicle, Duration.ZERO);
      assertThat(rise).as(vehicle).isCloseTo(pctPerHour * window.toSeconds() / 3600.0,
          within(1.25 * pctPerHour * TICK.toSeconds() / 3600.0));
    }
  }

  @Test
  void socChangeOfASessionIsItsMeteredEnergyTimesEfficiency() {
    // The first session of each vehicle ends at its departure, where the twin settles what no step
    // applied: the SoC it drives off with is the start SoC plus the session's register delta x efficiency.
    for (VehicleLedger v : summary.ledgers()) {
      ChargingSession first = sessions(SessionEvent.ENDED).stream()
          .filter(s -> v.vehicleId().equals(s.getVehicleId()))
          .min(Comparator.comparing(ChargingSession::getTs)).orElseThrow();
      Instant departure = Instant.ofEpochSecond(v.trips().get(0).departEpochS());
      VehicleTelemetry atStart = telemetry(v.vehicleId(), scenario.startInstant());
      VehicleTelemetry atDeparture = telemetry(v.vehicleId(), departure);
      assertThat(atDeparture.getStatus()).isEqualTo(VehicleStatus.DRIVING);
      double expectedRisePct = first.getEnergyKwh() * EFFICIENCY / v.capacityKwh() * 100;
      // Rounding: SoC to 0.01 %, StopTransaction's meterStop to the Wh.
      assertThat(atDeparture.getSocPct() - atStart.getSocPct()).as(v.vehicleId())
          .isCloseTo(expectedRisePct, within(0.03));
    }
  }

  @Test
  void energyBalancesOverTheRun() {
    for (VehicleLedger v : summary.ledgers()) {
      double meteredKwh = sessions(SessionEvent.ENDED).stream().filter(s -> v.vehicleId().equals(s.getVehicleId()))
          .mapToDouble(ChargingSession::getEnergyKwh).sum();
      // SoC change = grid energy x efficiency - driven.
      assertThat(v.finalSocKwh() - v.initialSocKwh()).as(v.vehicleId())
          .isCloseTo(v.gridKwh() * EFFICIENCY - v.drivenKwh(), within(1e-6));
      assertThat(v.drivenKwh()).isPositive();
      // The twin applied what the chargers metered, less what they delivered after its last step
      // (at most about one charger tick at full power before the sessions were closed).
      double tickKwh = FULL_KW * SPEED / 3600;
      assertThat(v.gridKwh()).as(v.vehicleId()).isBetween(meteredKwh - 2 * tickKwh, meteredKwh + 0.01);
    }
  }

  @Test
  void aDispatchSetpointLimitsThatVehiclesChargingInTheTwin() {
    await().atMost(Duration.ofSeconds(10)).until(() -> chargerRecords.stream().anyMatch(r -> r instanceof DispatchAck a
        && a.getSetpointId().equals(setpoint.getSetpointId()) && a.getStatus() == AckStatus.ACCEPTED));
    Instant from = scenario.startInstant().plus(SETPOINT_FROM);
    Instant to = scenario.startInstant().plus(SETPOINT_TO);
    // Edges move by up to a charger tick (the bridge writes validFrom/validTo in whole wall-clock
    // seconds, the charger applies them at its next tick): look a tick and a minute inside them.
    Duration edge = TICK.plusMinutes(1);
    List<ChargerMeterValue> limited = meterValues().stream().filter(m -> m.getChargerId().equals(LIMITED)).toList();
    assertThat(limited.stream().filter(m -> between(clock.toSim(m.getTs()), from.plus(edge), to.minus(edge))))
        .isNotEmpty().allSatisfy(m -> assertThat(m.getPowerKw()).isCloseTo(LIMIT_KW, within(0.05)));
    assertThat(limited.stream().filter(m -> m.getSessionId() != null
        && between(clock.toSim(m.getTs()), scenario.startInstant().plus(edge), from.minus(edge))))
        .isNotEmpty().allSatisfy(m -> assertThat(m.getPowerKw()).isCloseTo(FULL_KW, within(0.05)));

    // The twin's telemetry (every 5 simulated minutes) over the same steady stretch, a tick later for
    // the twin's lag: that vehicle's SoC rises at 10 kW x 0.94 / 100 kWh = 9.4 %/h, the others' at
    // 28.2 %/h, each within one charger tick of energy at its power (the lag varies within a tick).
    String vehicle = limited.stream().filter(m -> m.getVehicleId() != null).findFirst().orElseThrow().getVehicleId();
    Duration a = Duration.ofMinutes(55);
    Duration b = Duration.ofMinutes(70);
    assertThat(SETPOINT_FROM.plus(edge).plus(TICK)).isLessThanOrEqualTo(a);
    assertThat(SETPOINT_TO.minus(edge)).isGreaterThanOrEqualTo(b);
    double hours = (b.toSeconds() - a.toSeconds()) / 3600.0;
    for (String v : vehicles()) {
      double kw = v.equals(vehicle) ? LIMIT_KW : FULL_KW;
      double pctPerHour = kw * EFFICIENCY / CAPACITY_KWH * 100;
      assertThat(soc(v, b) - soc(v, a)).as(v)
          .isCloseTo(pctPerHour * hours, within(pctPerHour * TICK.toSeconds() / 3600.0 + 0.05));
    }
  }

  @Test
  void telemetryReportsChargingWhilePluggedIn() {
    // Between the charger's ticks the twin keeps crediting what was metered, so the status does not
    // flicker to PARKED while the charger delivers (from its first tick after plug-in until departure).
    for (String v : vehicles()) {
      List<VehicleTelemetry> plugged = telemetry.stream().filter(t -> t.getVehicleId().equals(v)
          && between(t.getTs(), scenario.startInstant().plus(TICK.multipliedBy(2)),
              scenario.startInstant().plus(Duration.ofMinutes(90))))
          .toList();
      assertThat(plugged).as(v).isNotEmpty().allSatisfy(t -> assertThat(t.getStatus()).isEqualTo(VehicleStatus.CHARGING));
    }
  }

  @Test
  void everyStreamOfTheRunReachesKafka() {
    assertThat(telemetry).hasSize(summary.records().get(Stream.VEHICLE_TELEMETRY).intValue());
    assertThat(summary.records().get(Stream.FLEET_CONSTRAINT)).isPositive();
    assertThat(summary.records().get(Stream.SITE_METER)).isEqualTo(16); // 4 h of 15-min intervals
  }

  // ------------------------------------------------------------------ helpers

  private static boolean between(Instant t, Instant from, Instant to) {
    return !t.isBefore(from) && t.isBefore(to);
  }

  private static List<String> vehicles() {
    return summary.ledgers().stream().map(VehicleLedger::vehicleId).toList();
  }

  /** The twin's SoC in its telemetry at {@code offset} into the run (the last report at or before it). */
  private static double soc(String vehicle, Duration offset) {
    return telemetry(vehicle, scenario.startInstant().plus(offset)).getSocPct();
  }

  private static VehicleTelemetry telemetry(String vehicle, Instant at) {
    return telemetry.stream().filter(t -> t.getVehicleId().equals(vehicle) && !t.getTs().isAfter(at))
        .max(Comparator.comparing(VehicleTelemetry::getTs)).orElseThrow();
  }

  private static List<ChargingSession> sessions(SessionEvent event) {
    return chargerRecords.stream().filter(r -> r instanceof ChargingSession s && s.getEvent() == event
        && s.getChargerId().startsWith("depot-twin-it-")).map(r -> (ChargingSession) r).toList();
  }

  private static List<ChargerMeterValue> meterValues() {
    return chargerRecords.stream().filter(r -> r instanceof ChargerMeterValue m
        && m.getChargerId().startsWith("depot-twin-it-")).map(r -> (ChargerMeterValue) r).toList();
  }

  private static KafkaConsumer<String, SpecificRecord> consumer() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, PlatformExtension.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "twin-it-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    return new KafkaConsumer<>(p, new StringDeserializer(),
        new VgfAvroDeserializer<>(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, PlatformExtension.registryUrl()), false));
  }

  private static void tailChargerTopics() {
    try (KafkaConsumer<String, SpecificRecord> c = consumer()) {
      List<TopicPartition> parts = new ArrayList<>();
      for (String t : List.of(Topics.CHARGING_SESSION, Topics.CHARGER_METER, Topics.DISPATCH_ACK)) {
        c.partitionsFor(t).forEach(p -> parts.add(new TopicPartition(t, p.partition())));
      }
      c.assign(parts);
      c.seekToBeginning(parts);
      while (tailing) {
        for (ConsumerRecord<String, SpecificRecord> r : c.poll(Duration.ofMillis(200))) {
          chargerRecords.add(r.value());
        }
      }
    }
  }

  private static List<VehicleTelemetry> readTelemetry(long expected) {
    List<VehicleTelemetry> out = new ArrayList<>();
    try (KafkaConsumer<String, SpecificRecord> c = consumer()) {
      c.subscribe(List.of(Topics.VEHICLE_TELEMETRY));
      await().atMost(Duration.ofSeconds(60)).until(() -> {
        c.poll(Duration.ofMillis(200)).forEach(r -> {
          if (r.value() instanceof VehicleTelemetry t && t.getVehicleId().startsWith("twin-it-")) {
            out.add(t);
          }
        });
        return out.size() >= expected;
      });
    }
    return out;
  }
}
