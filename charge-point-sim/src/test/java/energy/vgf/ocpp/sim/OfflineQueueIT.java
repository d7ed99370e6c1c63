package energy.vgf.ocpp.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import energy.vgf.ocpp.rpc.OcppVersion;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** OCPP 1.6 §4.7: transaction-related messages are kept while offline and sent in order after reconnecting. */
class OfflineQueueIT {
  private static final Duration METER_INTERVAL = Duration.ofMillis(200);

  private TestCentralSystem central = new TestCentralSystem().start(0);
  private final WebSocketClient client = SimClients.plain();
  private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
  private ChargePointSimulator sim;

  @AfterEach
  void stop() throws Exception {
    if (sim != null) {
      sim.close();
    }
    central.close();
    client.stop();
    scheduler.shutdownNow();
  }

  private ChargePointSimulator charging() {
    sim = new ChargePointSimulator(SimulatorConfig.defaults("cp-offline", central.uri(), OcppVersion.V16, null)
        .withMeterInterval(METER_INTERVAL)
        // A faster clock ticks every 100 ms (ChargePointSimulator.tickMillis), so readings come every 200 ms.
        .withTimeScale(600).withReconnect(Duration.ofMillis(100), Duration.ofMillis(300)),
        client, scheduler);
    sim.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> "Accepted".equals(sim.bootStatus()));
    sim.plugIn(1, new SimVehicle("bus-1", 300, 40, 22, 0)).join();
    await().atMost(Duration.ofSeconds(5)).until(() -> central.answered("MeterValues").size() >= 3);
    return sim;
  }

  @Test
  void sendsMeterValuesTakenOfflineInOrderAfterReconnecting() throws Exception {
    charging();
    int port = central.port();
    central.close();
    await().atMost(Duration.ofSeconds(5)).until(() -> !sim.isConnected());
    await().atMost(Duration.ofSeconds(10)).until(() -> sim.queuedTransactionMessages() >= 8);
    List<TestCentralSystem.Answered> before = central.answered("MeterValues");

    central = new TestCentralSystem().start(port);
    await().atMost(Duration.ofSeconds(15)).until(() -> central.answered("MeterValues").size() >= 8
        && sim.queuedTransactionMessages() <= 1);

    List<Instant> sampled = timestamps(before);
    sampled.addAll(timestamps(central.answered("MeterValues")));
    assertThat(sampled).as("readings in the order they were taken").isSorted();
    // Nothing sampled during the outage is missing: consecutive readings stay about one interval apart.
    for (int i = 1; i < sampled.size(); i++) {
      assertThat(Duration.between(sampled.get(i - 1), sampled.get(i))).isLessThan(METER_INTERVAL.multipliedBy(4));
    }
    assertThat(central.answered("MeterValues")).allMatch(a -> a.payload().get("transactionId").asInt() == 17);
    assertThat(sim.droppedTransactionMessages()).isZero();
  }

  @Test
  void keepsAMessageUntilTheCentralSystemAnswersIt() {
    charging();
    central.refuseNext.set(2);
    await().atMost(Duration.ofSeconds(10)).until(() -> central.refuseNext.get() == 0);
    int answeredAfterRefusals = central.answered("MeterValues").size();
    await().atMost(Duration.ofSeconds(10))
        .until(() -> central.answered("MeterValues").size() >= answeredAfterRefusals + 3);
    List<Instant> sampled = timestamps(central.answered("MeterValues"));
    assertThat(sampled).isSorted();
    // The refused reading was sent again (OCPP 1.6 TransactionMessageAttempts) and answered this time.
    assertThat(central.refused).hasSize(2);
    Instant refusedAt = Instant.parse(central.refused.get(0).get("meterValue").get(0).get("timestamp").asString());
    assertThat(sampled).contains(refusedAt);
    for (int i = 1; i < sampled.size(); i++) {
      assertThat(Duration.between(sampled.get(i - 1), sampled.get(i))).isLessThan(METER_INTERVAL.multipliedBy(4));
    }
    assertThat(sim.droppedTransactionMessages()).isZero();
  }

  private static List<Instant> timestamps(List<TestCentralSystem.Answered> meterValues) {
    return new java.util.ArrayList<>(meterValues.stream()
        .map(a -> Instant.parse(a.payload().get("meterValue").get(0).get("timestamp").asString())).toList());
  }
}
