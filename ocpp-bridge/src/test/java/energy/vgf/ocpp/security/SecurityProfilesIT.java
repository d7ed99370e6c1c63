package energy.vgf.ocpp.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import energy.vgf.ocpp.bridge.BridgeConfig;
import energy.vgf.ocpp.bridge.ChargerEventSink;
import energy.vgf.ocpp.bridge.OcppBridge;
import energy.vgf.ocpp.rpc.OcppVersion;
import energy.vgf.ocpp.sim.ChargePointSimulator;
import energy.vgf.ocpp.sim.SimClients;
import energy.vgf.ocpp.sim.SimulatorConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Security profiles 2 (TLS + Basic) and 3 (TLS with client certificates), with certificates made in the test. */
class SecurityProfilesIT {
  @TempDir
  static Path dir;
  static TestCertificates certs;
  static ScheduledExecutorService scheduler;
  static final String PASSWORD = "0123456789abcdefXYZ";

  @BeforeAll
  static void pki() throws Exception {
    certs = new TestCertificates(dir);
    scheduler = Executors.newScheduledThreadPool(2);
  }

  @AfterAll
  static void stop() {
    scheduler.shutdownNow();
  }

  private static OcppBridge bridge(SecurityProfile profile, ChargerRegistry registry) {
    BridgeConfig config = BridgeConfig.defaults().withListen("127.0.0.1", 0).withBootGrace(Duration.ofMillis(300))
        .withSecurity(profile, new BridgeConfig.TlsConfig(certs.serverStore, TestCertificates.PASSWORD,
            certs.trustStore, TestCertificates.PASSWORD));
    return new OcppBridge(config, registry, new ChargerEventSink() {
      public java.util.concurrent.CompletableFuture<Void> status(energy.vgf.charging.ChargerStatus s) {
        return java.util.concurrent.CompletableFuture.completedFuture(null);
      }
      public java.util.concurrent.CompletableFuture<Void> session(energy.vgf.charging.ChargingSession s) {
        return java.util.concurrent.CompletableFuture.completedFuture(null);
      }
      public java.util.concurrent.CompletableFuture<Void> meter(energy.vgf.charging.ChargerMeterValue m) {
        return java.util.concurrent.CompletableFuture.completedFuture(null);
      }
      public java.util.concurrent.CompletableFuture<Void> ack(energy.vgf.dispatch.DispatchAck a) {
        return java.util.concurrent.CompletableFuture.completedFuture(null);
      }
    }).start();
  }

  @Test
  void profile2AcceptsBasicAuthOverTls() throws Exception {
    ChargerRegistry registry = new ChargerRegistry();
    registry.put(EnrolledCharger.ac22("cp-tls", PasswordHasher.hash(PASSWORD, 1000)));
    WebSocketClient client = SimClients.tls(null, null, certs.trustStore, TestCertificates.PASSWORD);
    try (OcppBridge bridge = bridge(SecurityProfile.TLS_BASIC, registry);
         ChargePointSimulator good = new ChargePointSimulator(
             SimulatorConfig.defaults("cp-tls", bridge.endpoint(), OcppVersion.V201, PASSWORD), client, scheduler);
         ChargePointSimulator bad = new ChargePointSimulator(
             SimulatorConfig.defaults("cp-tls", bridge.endpoint(), OcppVersion.V201, "wrong-password-123"), client,
             scheduler)) {
      assertThat(bridge.endpoint().getScheme()).isEqualTo("wss");
      good.start();
      await().atMost(Duration.ofSeconds(10)).until(() -> "Accepted".equals(good.bootStatus()));
      good.close();
      bad.start();
      await().atMost(Duration.ofSeconds(10)).until(() -> bad.lastUpgradeStatus() == 401);
    } finally {
      client.stop();
    }
  }

  @Test
  void profile3TakesTheChargerIdFromTheClientCertificate() throws Exception {
    ChargerRegistry registry = new ChargerRegistry();
    registry.put(EnrolledCharger.ac22("cp-cert", null));
    registry.put(EnrolledCharger.ac22("cp-other", null));
    Path store = certs.chargerStore("cp-cert", true);
    WebSocketClient client = SimClients.tls(store, TestCertificates.PASSWORD, certs.trustStore,
        TestCertificates.PASSWORD);
    try (OcppBridge bridge = bridge(SecurityProfile.TLS_CLIENT_CERT, registry);
         ChargePointSimulator good = new ChargePointSimulator(
             SimulatorConfig.defaults("cp-cert", bridge.endpoint(), OcppVersion.V16, null), client, scheduler);
         ChargePointSimulator impostor = new ChargePointSimulator(
             SimulatorConfig.defaults("cp-other", bridge.endpoint(), OcppVersion.V16, null), client, scheduler)) {
      good.start();
      await().atMost(Duration.ofSeconds(10)).until(() -> "Accepted".equals(good.bootStatus()));
      // Same certificate (CN=cp-cert) on another charger's URL: refused at the upgrade.
      impostor.start();
      await().atMost(Duration.ofSeconds(10)).until(() -> impostor.lastUpgradeStatus() == 401);
      assertThat(bridge.isConnected("cp-other")).isFalse();
    } finally {
      client.stop();
    }
  }

  @Test
  void profile3RefusesCertificatesNotSignedByTheTrustedCa() throws Exception {
    ChargerRegistry registry = new ChargerRegistry();
    registry.put(EnrolledCharger.ac22("cp-self", null));
    Path store = certs.chargerStore("cp-self", false);
    WebSocketClient client = SimClients.tls(store, TestCertificates.PASSWORD, certs.trustStore,
        TestCertificates.PASSWORD);
    try (OcppBridge bridge = bridge(SecurityProfile.TLS_CLIENT_CERT, registry);
         ChargePointSimulator sim = new ChargePointSimulator(
             SimulatorConfig.defaults("cp-self", bridge.endpoint(), OcppVersion.V16, null), client, scheduler)) {
      sim.start();
      // The TLS handshake fails: no upgrade response at all, and the charger never connects.
      await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> !sim.isConnected());
      assertThat(bridge.isConnected("cp-self")).isFalse();
      assertThat(sim.lastUpgradeStatus()).isNotEqualTo(101);
    } finally {
      client.stop();
    }
  }
}
