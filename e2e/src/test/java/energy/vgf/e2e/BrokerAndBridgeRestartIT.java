package energy.vgf.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import energy.vgf.charging.ChargerMeterValue;
import energy.vgf.dispatch.DispatchSetpoint;
import energy.vgf.dispatch.SetpointReason;
import energy.vgf.ocpp.bridge.BridgeConfig;
import energy.vgf.ocpp.kafka.BridgeService;
import energy.vgf.ocpp.kafka.EnrollmentTopic;
import energy.vgf.ocpp.kafka.KafkaSettings;
import energy.vgf.ocpp.kafka.SetpointPublisher;
import energy.vgf.ocpp.rpc.OcppVersion;
import energy.vgf.ocpp.rpc.RpcOptions;
import energy.vgf.ocpp.security.EnrolledCharger;
import energy.vgf.ocpp.security.PasswordHasher;
import energy.vgf.ocpp.security.SecurityProfile;
import energy.vgf.ocpp.sim.ChargePointSimulator;
import energy.vgf.ocpp.sim.SimClients;
import energy.vgf.ocpp.sim.SimVehicle;
import energy.vgf.ocpp.sim.SimulatorConfig;
import energy.vgf.schemas.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Issue 8, fault test 2: the broker, and separately the bridge, restart mid-run while chargers (one OCPP 1.6, one
 * 2.0.1) charge under current dispatch setpoints and stream meter readings. Each test has its own broker (restarted
 * on the same log directory and port), registry and bridge.
 *
 * <p>Telemetry is at least once: a reading the bridge answered but could not yet publish is retried by its
 * idempotent producer, and a reading whose answer was lost with the connection is sent again by the charger, so a
 * reading may appear twice but none may be missing. Readings are identified by their energy register (see
 * {@link QueuedMeterReporter}); "no gaps" is checked per charger over the sequence 0..n-1.
 */
class BrokerAndBridgeRestartIT {
  private static final Logger LOG = LoggerFactory.getLogger(BrokerAndBridgeRestartIT.class);
  private static final String CP16 = "e2e-restart-cp16";
  private static final String CP201 = "e2e-restart-cp201";
  private static final Map<String, OcppVersion> CHARGERS = new LinkedHashMap<>();

  static {
    CHARGERS.put(CP16, OcppVersion.V16);
    CHARGERS.put(CP201, OcppVersion.V201);
  }

  private OwnPlatform platform;
  private KafkaSettings kafka;
  private BridgeConfig bridgeConfig;
  private BridgeService bridge;
  private WebSocketClient client;
  private ScheduledExecutorService scheduler;
  private final Map<String, ChargePointSimulator> sims = new LinkedHashMap<>();
  private final Map<String, QueuedMeterReporter> reporters = new LinkedHashMap<>();
  private final Map<String, DispatchSetpoint> current = new HashMap<>();

  @BeforeEach
  void chargersChargeUnderCurrentSetpoints() {
    platform = OwnPlatform.start();
    kafka = KafkaSettings.of(platform.bootstrapServers(), platform.registryUrl());
    bridgeConfig = BridgeConfig.defaults().withListen("127.0.0.1", 0).withSecurity(SecurityProfile.BASIC, null)
        .withBootGrace(Duration.ofMillis(300));
    bridge = new BridgeService(bridgeConfig, kafka);
    // The restarted bridge must come back where the chargers look for it.
    bridgeConfig = bridgeConfig.withListen("127.0.0.1", bridge.bridge().port());
    client = SimClients.plain();
    scheduler = Executors.newScheduledThreadPool(4);

    Map<String, String> passwords = new HashMap<>();
    for (String id : CHARGERS.keySet()) {
      String pw = PasswordHasher.generatePassword();
      EnrollmentTopic.publish(kafka, new EnrolledCharger(id, "depot-e2e", PasswordHasher.hash(pw, 1_000), false,
          22.0, 0.0, 3, 230.0, Instant.now()));
      passwords.put(id, pw);
    }
    await().atMost(Duration.ofSeconds(20))
        .until(() -> CHARGERS.keySet().stream().allMatch(id -> bridge.registry().get(id).isPresent()));
    await().atMost(Duration.ofSeconds(20)).until(bridge::isConsumingSetpoints);

    int kw = 7;
    for (var e : CHARGERS.entrySet()) {
      // The simulator's own periodic readings are switched off (1 h): the reporter sends every reading.
      SimulatorConfig sc = SimulatorConfig.defaults(e.getKey(), bridge.endpoint(), e.getValue(), passwords.get(e.getKey()))
          .withMeterInterval(Duration.ofHours(1)).withReconnect(Duration.ofMillis(200), Duration.ofSeconds(1))
          .withRpc(RpcOptions.defaults().withCallTimeout(Duration.ofSeconds(5)));
      ChargePointSimulator sim = new ChargePointSimulator(sc, client, scheduler);
      sim.start();
      sims.put(e.getKey(), sim);
      await().atMost(Duration.ofSeconds(20)).until(() -> bridge.bridge().isReady(e.getKey()));
      sim.plugIn(1, new SimVehicle("bus-" + e.getKey(), 300, 40, 22, 0)).join();
      publish(e.getKey(), kw++);
    }
    for (String id : CHARGERS.keySet()) {
      await().atMost(Duration.ofSeconds(20)).until(() -> txProfileLimitsAfter(id, Instant.EPOCH)
          .contains(current.get(id).getPowerKw() * 1000.0));
      reporters.put(id, new QueuedMeterReporter(sims.get(id), scheduler, 200));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> reporters.values().stream().allMatch(r -> r.answered() >= 5));
  }

  @AfterEach
  void stop() throws Exception {
    reporters.values().forEach(QueuedMeterReporter::close);
    sims.values().forEach(ChargePointSimulator::close);
    if (bridge != null) {
      bridge.close();
    }
    if (client != null) {
      client.stop();
    }
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
    if (platform != null) {
      platform.close();
    }
  }

  // ------------------------------------------------------------------ behaviours

  @Test
  void aBrokerRestartLosesNoTelemetryAndSetpointsKeepReachingTheChargers() {
    platform.stopBroker();
    // The chargers keep charging and sampling while the broker is down. The bridge answers their MeterValues only
    // once the reading is in Kafka (or with a CALLERROR after its store timeout), so the chargers keep them queued;
    // what is required is that nothing they sampled is lost once the broker is back.
    int sampledBefore = totalSampled();
    int answeredBefore = totalAnswered();
    await().atMost(Duration.ofSeconds(20)).until(() -> totalSampled() >= sampledBefore + 2 * 15);
    LOG.info("broker down for 3 s: {} readings sampled, {} answered by the bridge meanwhile",
        totalSampled() - sampledBefore, totalAnswered() - answeredBefore);
    platform.startBroker();

    // The setpoint consumer survived the outage: a new setpoint reaches its charger.
    Instant afterRestart = Instant.now();
    publish(CP201, 5);
    await().atMost(Duration.ofSeconds(30))
        .until(() -> txProfileLimitsAfter(CP201, afterRestart).contains(5000.0));

    assertEveryReadingReachedKafka();
  }

  @Test
  void aBridgeRestartResendsTheCurrentProfileAndLosesNoTelemetry() {
    Instant restart = restartBridge();
    await().atMost(Duration.ofSeconds(30)).until(() -> bridge.bridge().isReady(CP201));
    // The new bridge reads the still-valid setpoints back from the topic and re-sends the latest one once the
    // charger's transaction is known again (its next TransactionEvent).
    await().atMost(Duration.ofSeconds(30)).until(() -> txProfileLimitsAfter(CP201, restart)
        .contains(current.get(CP201).getPowerKw() * 1000.0));
    assertThat(sims.get(CP201).connectionCount()).isGreaterThanOrEqualTo(2);
    // Telemetry of both chargers, 1.6 included, is complete.
    assertEveryReadingReachedKafka();
  }

  @Test
  // The restarted bridge adopts the charger's running 1.6 transaction from its next MeterValues.
  void aBridgeRestartResendsTheCurrentProfileToAnOcpp16Charger() {
    Instant restart = restartBridge();
    await().atMost(Duration.ofSeconds(30)).until(() -> bridge.bridge().isReady(CP16));
    await().atMost(Duration.ofSeconds(30)).until(() -> txProfileLimitsAfter(CP16, restart)
        .contains(current.get(CP16).getPowerKw() * 1000.0));
  }

  // ------------------------------------------------------------------ steps and checks

  private Instant restartBridge() {
    int before = totalAnswered();
    bridge.close();
    Instant restart = Instant.now();
    // Down long enough for the chargers to notice, queue readings and back off.
    await().atMost(Duration.ofSeconds(10)).until(() -> sims.values().stream().noneMatch(ChargePointSimulator::isConnected));
    await().atMost(Duration.ofSeconds(10)).until(() -> reporters.values().stream().allMatch(r -> r.queued() >= 5));
    bridge = new BridgeService(bridgeConfig, kafka);
    await().atMost(Duration.ofSeconds(30)).until(() -> totalAnswered() >= before + 20);
    return restart;
  }

  private void publish(String chargerId, double kw) {
    Instant now = Instant.now();
    DispatchSetpoint sp = DispatchSetpoint.newBuilder().setSetpointId(UUID.randomUUID().toString())
        .setPlanId("e2e-restart").setSiteId("depot-e2e").setChargerId(chargerId).setPowerKw(kw).setValidFrom(now)
        .setValidTo(now.plus(Duration.ofMinutes(20))).setReason(SetpointReason.OPTIMIZER).setCreatedAt(now).build();
    try (SetpointPublisher publisher = new SetpointPublisher(kafka)) {
      publisher.publish(sp);
    }
    current.put(chargerId, sp);
  }

  private String progress() {
    StringBuilder b = new StringBuilder();
    reporters.forEach((id, r) -> b.append(id).append(" sampled=").append(r.sampled()).append(" answered=")
        .append(r.answered()).append(" queued=").append(r.queued()).append(" failed=").append(r.failedAttempts())
        .append(" connected=").append(sims.get(id).isConnected()).append("; "));
    return b.toString();
  }

  private int totalSampled() {
    return reporters.values().stream().mapToInt(QueuedMeterReporter::sampled).sum();
  }

  private int totalAnswered() {
    return reporters.values().stream().mapToInt(QueuedMeterReporter::answered).sum();
  }

  /** Limits (W) of the TxProfiles the charger received at or after {@code since}. */
  private List<Double> txProfileLimitsAfter(String chargerId, Instant since) {
    List<Double> limits = new ArrayList<>();
    for (var call : sims.get(chargerId).receivedCalls("SetChargingProfile")) {
      if (call.receivedAt().isBefore(since)) {
        continue;
      }
      JsonNode profile = call.payload().has("csChargingProfiles") ? call.payload().get("csChargingProfiles")
          : call.payload().get("chargingProfile");
      if (!"TxProfile".equals(profile.path("chargingProfilePurpose").asString())) {
        continue;
      }
      JsonNode schedule = profile.get("chargingSchedule");
      if (schedule.isArray()) {
        schedule = schedule.get(0);
      }
      double limit = schedule.get("chargingSchedulePeriod").get(0).get("limit").asDouble();
      limits.add(schedule.get("chargingRateUnit").asString().equals("A") ? limit * 230.0 * 3 : limit);
    }
    return limits;
  }

  /** Stops sampling, drains the chargers' queues and checks every reading is on the topic, with no gap. */
  private void assertEveryReadingReachedKafka() {
    reporters.values().forEach(QueuedMeterReporter::stopSampling);
    await().atMost(Duration.ofSeconds(30)).until(() -> reporters.values().stream().allMatch(r -> r.queued() == 0));
    Map<String, Integer> sampled = new HashMap<>();
    reporters.forEach((id, r) -> sampled.put(id, r.sampled()));
    Map<String, Map<Integer, Integer>> seen = new TreeMap<>();
    List<ChargerMeterValue> all = TopicReader.readUntil(platform.bootstrapServers(), platform.registryUrl(),
        Topics.CHARGER_METER, Duration.ofSeconds(60), (List<ChargerMeterValue> l) -> {
          seen.clear();
          for (ChargerMeterValue m : l) {
            Integer seq = sequence(m);
            if (seq != null) {
              seen.computeIfAbsent(m.getChargerId(), k -> new TreeMap<>()).merge(seq, 1, Integer::sum);
            }
          }
          return sampled.entrySet().stream().allMatch(e -> seen.getOrDefault(e.getKey(), Map.of()).keySet()
              .containsAll(IntStream.range(0, e.getValue()).boxed().collect(Collectors.toSet())));
        });
    for (var e : sampled.entrySet()) {
      Map<Integer, Integer> counts = seen.get(e.getKey());
      Set<Integer> expected = IntStream.range(0, e.getValue()).boxed().collect(Collectors.toSet());
      assertThat(counts.keySet()).as("readings of %s on %s", e.getKey(), Topics.CHARGER_METER)
          .containsExactlyInAnyOrderElementsOf(expected);
      long duplicates = counts.values().stream().filter(c -> c > 1).count();
      LOG.info("{}: {} readings sent, all on the topic, {} duplicated, {} send attempts failed and were retried",
          e.getKey(), e.getValue(), duplicates, reporters.get(e.getKey()).failedAttempts());
    }
    assertThat(all).isNotEmpty();
  }

  /** The reporter's sequence number of a reading, null for other readings. */
  private static Integer sequence(ChargerMeterValue m) {
    Double kwh = m.getEnergyImportKwh();
    if (kwh == null || kwh < QueuedMeterReporter.REGISTER_BASE_KWH - 1e-6) {
      return null;
    }
    return (int) Math.round(kwh - QueuedMeterReporter.REGISTER_BASE_KWH);
  }
}
