package energy.vgf.ocpp.bridge;

import energy.vgf.dispatch.DispatchSetpoint;
import energy.vgf.dispatch.SetpointReason;
import energy.vgf.ocpp.rpc.OcppVersion;
import energy.vgf.ocpp.security.ChargerRegistry;
import energy.vgf.ocpp.security.EnrolledCharger;
import energy.vgf.ocpp.security.PasswordHasher;
import energy.vgf.ocpp.security.SecurityProfile;
import energy.vgf.ocpp.sim.ChargePointSimulator;
import energy.vgf.ocpp.sim.SimClients;
import energy.vgf.ocpp.sim.SimulatorConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/** A bridge on a free loopback port with simulated chargers, stopped by {@link #close()}. */
final class BridgeHarness implements AutoCloseable {
  static final String PASSWORD = "correct-horse-battery-staple";
  // A low iteration count keeps tests fast; the hash format carries it, so verification is unchanged.
  static final String HASH = PasswordHasher.hash(PASSWORD, 1_000);

  final ChargerRegistry registry = new ChargerRegistry();
  final RecordingSink sink = new RecordingSink();
  final OcppBridge bridge;
  final WebSocketClient client = SimClients.plain();
  final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
  final List<ChargePointSimulator> sims = new ArrayList<>();

  BridgeHarness() {
    this(testConfig());
  }

  BridgeHarness(BridgeConfig config) {
    bridge = new OcppBridge(config, registry, sink).start();
  }

  static BridgeConfig testConfig() {
    return BridgeConfig.defaults().withListen("127.0.0.1", 0).withSecurity(SecurityProfile.BASIC, null)
        .withBootGrace(Duration.ofMillis(300));
  }

  EnrolledCharger enroll(String id) {
    EnrolledCharger c = EnrolledCharger.ac22(id, HASH);
    registry.put(c);
    return c;
  }

  EnrolledCharger enrollBidirectional(String id) {
    EnrolledCharger c = new EnrolledCharger(id, "depot-1", HASH, true, 11.0, 1.4, 3, 230.0, Instant.now());
    registry.put(c);
    return c;
  }

  SimulatorConfig simConfig(String id, OcppVersion version) {
    return SimulatorConfig.defaults(id, bridge.endpoint(), version, PASSWORD)
        .withReconnect(Duration.ofMillis(100), Duration.ofMillis(400));
  }

  ChargePointSimulator start(SimulatorConfig config) {
    ChargePointSimulator sim = new ChargePointSimulator(config, client, scheduler);
    sims.add(sim);
    sim.start();
    return sim;
  }

  static DispatchSetpoint setpoint(String chargerId, double kw, Duration validFor) {
    Instant now = Instant.now();
    return DispatchSetpoint.newBuilder().setSetpointId(UUID.randomUUID().toString()).setPlanId("test")
        .setSiteId("depot-1").setChargerId(chargerId).setPowerKw(kw).setValidFrom(now)
        .setValidTo(now.plus(validFor)).setReason(SetpointReason.OPTIMIZER).setCreatedAt(now).build();
  }

  @Override
  public void close() throws Exception {
    for (ChargePointSimulator s : sims) {
      s.close();
    }
    bridge.close();
    client.stop();
    scheduler.shutdownNow();
  }
}
