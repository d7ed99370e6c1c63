package energy.vgf.ocpp.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import energy.vgf.charging.ChargerMeterValue;
import energy.vgf.charging.ChargerStatus;
import energy.vgf.charging.ChargingSession;
import energy.vgf.dispatch.AckStatus;
import energy.vgf.dispatch.DispatchAck;
import energy.vgf.dispatch.DispatchSetpoint;
import energy.vgf.dispatch.SetpointReason;
import energy.vgf.ocpp.bridge.BridgeConfig;
import energy.vgf.ocpp.rpc.OcppVersion;
import energy.vgf.ocpp.security.EnrolledCharger;
import energy.vgf.ocpp.security.PasswordHasher;
import energy.vgf.ocpp.security.SecurityProfile;
import energy.vgf.ocpp.sim.ChargePointSimulator;
import energy.vgf.ocpp.sim.SimClients;
import energy.vgf.ocpp.sim.SimVehicle;
import energy.vgf.ocpp.sim.SimulatorConfig;
import energy.vgf.schemas.Topics;
import energy.vgf.testing.PlatformExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The real bridge with a real broker and registry: setpoint in Kafka -> charger -> meter values in Kafka. */
@ExtendWith(PlatformExtension.class)
class KafkaBridgeIT {
  private static KafkaSettings kafka;
  private static BridgeService service;
  private static WebSocketClient client;
  private static ScheduledExecutorService scheduler;
  private static final List<Object> published = new CopyOnWriteArrayList<>();
  private static Thread tail;
  private static volatile boolean tailing = true;

  @BeforeAll
  static void start() {
    kafka = KafkaSettings.of(PlatformExtension.bootstrapServers(), PlatformExtension.registryUrl());
    service = new BridgeService(BridgeConfig.defaults().withListen("127.0.0.1", 0)
        .withSecurity(SecurityProfile.BASIC, null).withBootGrace(Duration.ofMillis(300)), kafka);
    client = SimClients.plain();
    scheduler = Executors.newScheduledThreadPool(2);
    tail = new Thread(KafkaBridgeIT::tailOutputTopics);
    tail.setDaemon(true);
    tail.start();
  }

  @AfterAll
  static void stop() throws Exception {
    tailing = false;
    tail.join(5000);
    service.close();
    client.stop();
    scheduler.shutdownNow();
  }

  private static void tailOutputTopics() {
    try (KafkaConsumer<String, Object> c = new KafkaConsumer<>(kafka.consumer(false))) {
      List<TopicPartition> parts = new java.util.ArrayList<>();
      for (String t : List.of(Topics.CHARGER_STATUS, Topics.CHARGING_SESSION, Topics.CHARGER_METER,
          Topics.DISPATCH_ACK)) {
        c.partitionsFor(t).forEach(p -> parts.add(new TopicPartition(t, p.partition())));
      }
      c.assign(parts);
      c.seekToBeginning(parts);
      while (tailing) {
        for (ConsumerRecord<String, Object> r : c.poll(Duration.ofMillis(200))) {
          published.add(r.value());
        }
      }
    }
  }

  private static String password(String id) {
    String pw = PasswordHasher.generatePassword();
    EnrollmentTopic.publish(kafka, new EnrolledCharger(id, "depot-k", PasswordHasher.hash(pw, 10_000), false, 22.0,
        4.14, 3, 230.0, Instant.now()));
    return pw;
  }

  @Test
  void setpointInKafkaReachesTheChargerAndItsMeterValuesComeBack() {
    String pw = password("cp-k1");
    await().atMost(Duration.ofSeconds(10)).until(() -> service.registry().get("cp-k1").isPresent());
    ChargePointSimulator sim = new ChargePointSimulator(SimulatorConfig.defaults("cp-k1", service.endpoint(),
        OcppVersion.V16, pw).withMeterInterval(Duration.ofSeconds(1)), client, scheduler);
    sim.start();
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> service.bridge().isReady("cp-k1"));
      sim.plugIn(1, new SimVehicle("bus-42", 300, 55, 22, 0)).join();
      await().atMost(Duration.ofSeconds(10)).until(service::isConsumingSetpoints);

      Instant now = Instant.now();
      DispatchSetpoint sp = DispatchSetpoint.newBuilder().setSetpointId(UUID.randomUUID().toString())
          .setPlanId("plan-1").setSiteId("depot-k").setChargerId("cp-k1").setPowerKw(6.9).setValidFrom(now)
          .setValidTo(now.plus(Duration.ofMinutes(15))).setReason(SetpointReason.OPTIMIZER).setCreatedAt(now)
          .build();
      try (SetpointPublisher publisher = new SetpointPublisher(kafka)) {
        publisher.publish(sp);
      }
      await().atMost(Duration.ofSeconds(15)).until(() -> !sim.receivedCalls("SetChargingProfile").isEmpty()
          && sim.connectorState(1).limitW() == 6900.0);
      await().atMost(Duration.ofSeconds(15)).until(() -> published.stream()
          .anyMatch(o -> o instanceof DispatchAck a && a.getSetpointId().equals(sp.getSetpointId())
              && a.getStatus() == AckStatus.ACCEPTED && a.getAppliedPowerKw() == 6.9));
      await().atMost(Duration.ofSeconds(15)).until(() -> published.stream()
          .anyMatch(o -> o instanceof ChargerMeterValue m && m.getChargerId().equals("cp-k1")
              && m.getPowerKw() == 6.9 && m.getSocPct() != null && "depot-k".equals(m.getSiteId())));
      assertThat(published).anyMatch(o -> o instanceof ChargerStatus s && s.getChargerId().equals("cp-k1"));
      assertThat(published).anyMatch(o -> o instanceof ChargingSession s && s.getChargerId().equals("cp-k1"));
    } finally {
      sim.close();
    }
  }

  @Test
  void enrolmentAndRemovalTakeEffectInTheRunningBridge() {
    String pw = password("cp-k2");
    await().atMost(Duration.ofSeconds(10)).until(() -> service.registry().get("cp-k2").isPresent());
    Map<String, EnrolledCharger> all = EnrollmentTopic.readAll(kafka);
    assertThat(all).containsKey("cp-k2");
    assertThat(all.get("cp-k2").passwordHash()).doesNotContain(pw);
    ChargePointSimulator sim = new ChargePointSimulator(SimulatorConfig.defaults("cp-k2", service.endpoint(),
        OcppVersion.V201, pw), client, scheduler);
    sim.start();
    try {
      await().atMost(Duration.ofSeconds(10)).until(() -> "Accepted".equals(sim.bootStatus()));
      EnrollmentTopic.remove(kafka, "cp-k2");
      await().atMost(Duration.ofSeconds(10)).until(() -> !service.bridge().isConnected("cp-k2"));
      await().atMost(Duration.ofSeconds(10)).until(() -> sim.lastUpgradeStatus() == 401);
      assertThat(EnrollmentTopic.readAll(kafka)).doesNotContainKey("cp-k2");
    } finally {
      sim.close();
    }
  }
}
