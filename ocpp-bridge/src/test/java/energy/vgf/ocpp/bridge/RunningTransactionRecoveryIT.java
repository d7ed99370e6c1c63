package energy.vgf.ocpp.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import energy.vgf.charging.ChargingSession;
import energy.vgf.charging.SessionEvent;
import energy.vgf.dispatch.DispatchSetpoint;
import energy.vgf.ocpp.rpc.OcppVersion;
import energy.vgf.ocpp.sim.ChargePointSimulator;
import energy.vgf.ocpp.sim.SimVehicle;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/**
 * A bridge restarted while chargers charge: the new bridge learns each running transaction from the charger's next
 * meter report (1.6 MeterValues, 2.x TransactionEvent Updated) and sends the current setpoint as its TxProfile.
 */
class RunningTransactionRecoveryIT {
  private final BridgeHarness h = new BridgeHarness();
  private OcppBridge restarted;
  private final RecordingSink restartedSink = new RecordingSink();

  @AfterEach
  void stop() throws Exception {
    h.close();
    if (restarted != null) {
      restarted.close();
    }
  }

  @ParameterizedTest
  @EnumSource(OcppVersion.class)
  void aRestartedBridgeAdoptsTheRunningTransactionAndResendsTheCurrentProfile(OcppVersion v) {
    String id = "cp-restart";
    h.enroll(id);
    ChargePointSimulator sim = h.start(h.simConfig(id, v).withMeterInterval(Duration.ofMillis(500)));
    await().atMost(Duration.ofSeconds(10)).until(() -> h.bridge.isReady(id));
    sim.plugIn(1, new SimVehicle("bus-17", 300, 40, 22, 0)).join();
    await().atMost(Duration.ofSeconds(5)).until(() -> !h.bridge.runningTransactions(id).isEmpty());
    String tx = h.bridge.runningTransactions(id).get(1);
    int port = h.bridge.port();

    h.bridge.close();
    await().atMost(Duration.ofSeconds(5)).until(() -> !sim.isConnected());
    Instant restart = Instant.now();
    restarted = new OcppBridge(BridgeHarness.testConfig().withListen("127.0.0.1", port), h.registry, restartedSink)
        .start();
    // What dispatch replays from the setpoint topic on start.
    DispatchSetpoint sp = BridgeHarness.setpoint(id, 6.0, Duration.ofMinutes(15));
    restarted.submit(sp);

    await().atMost(Duration.ofSeconds(15)).until(() -> tx.equals(restarted.runningTransactions(id).get(1)));
    await().atMost(Duration.ofSeconds(10)).until(() -> !txProfilesAfter(sim, restart).isEmpty());
    JsonNode profile = txProfilesAfter(sim, restart).get(0);
    assertThat(profile.get("transactionId").asString()).isEqualTo(tx);
    await().atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(sim.connectorState(1).powerW()).isEqualTo(6000.0));
    await().atMost(Duration.ofSeconds(5)).until(() -> restartedSink.sessions.stream()
        .anyMatch(s -> s.getSessionId().equals(tx)));
    ChargingSession session = restartedSink.sessions.stream().filter(s -> s.getSessionId().equals(tx)).findFirst()
        .orElseThrow();
    assertThat(session.getConnectorId()).isEqualTo(1);
    assertThat(restartedSink.meters).anyMatch(m -> tx.equals(m.getSessionId()));
  }

  private static List<JsonNode> txProfilesAfter(ChargePointSimulator sim, Instant since) {
    return sim.receivedCalls("SetChargingProfile").stream().filter(c -> !c.receivedAt().isBefore(since))
        .map(c -> c.payload().has("csChargingProfiles") ? c.payload().get("csChargingProfiles")
            : c.payload().get("chargingProfile"))
        .filter(p -> "TxProfile".equals(p.path("chargingProfilePurpose").asString())).toList();
  }
}
