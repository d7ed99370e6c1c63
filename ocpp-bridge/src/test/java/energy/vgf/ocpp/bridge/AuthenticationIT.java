package energy.vgf.ocpp.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import energy.vgf.ocpp.rpc.OcppVersion;
import energy.vgf.ocpp.security.EnrolledCharger;
import energy.vgf.ocpp.security.SecurityProfile;
import energy.vgf.ocpp.sim.ChargePointSimulator;
import energy.vgf.ocpp.sim.SimulatorConfig;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Security profile 1 (HTTP Basic) and unknown chargers. */
class AuthenticationIT {
  private final BridgeHarness h = new BridgeHarness();

  @AfterEach
  void stop() throws Exception {
    h.close();
  }

  @Test
  void refusesUnknownChargerAt401() {
    ChargePointSimulator sim = h.start(h.simConfig("cp-stranger", OcppVersion.V16));
    await().atMost(Duration.ofSeconds(5)).until(() -> sim.lastUpgradeStatus() == 401);
    assertThat(sim.isConnected()).isFalse();
  }

  @Test
  void refusesWrongPasswordAt401() {
    h.enroll("cp-a");
    SimulatorConfig base = h.simConfig("cp-a", OcppVersion.V201);
    ChargePointSimulator sim = h.start(SimulatorConfig.defaults("cp-a", base.centralSystemUri(), OcppVersion.V201,
        "not-the-password-at-all"));
    await().atMost(Duration.ofSeconds(5)).until(() -> sim.lastUpgradeStatus() == 401);
    assertThat(h.bridge.isConnected("cp-a")).isFalse();
  }

  @Test
  void refusesCredentialsOfAnotherCharger() throws Exception {
    h.enroll("cp-a");
    h.enroll("cp-b");
    // cp-b's valid credentials presented on cp-a's URL
    assertThatThrownBy(() -> RawOcppClient.connect(h.client, h.bridge.endpoint(), "cp-a", "ocpp1.6", null))
        .hasMessageContaining("401");
    var req = new org.eclipse.jetty.websocket.client.ClientUpgradeRequest();
    req.setSubProtocols("ocpp1.6");
    req.setHeader("Authorization", "Basic " + java.util.Base64.getEncoder()
        .encodeToString(("cp-b:" + BridgeHarness.PASSWORD).getBytes()));
    assertThatThrownBy(() -> h.client.connect(new RawOcppClient(),
        java.net.URI.create(h.bridge.endpoint() + "/cp-a"), req).get()).hasMessageContaining("401");
  }

  @Test
  void picksUpNewEnrolmentsAndRemovalsWithoutRestart() {
    ChargePointSimulator sim = h.start(h.simConfig("cp-new", OcppVersion.V16));
    await().atMost(Duration.ofSeconds(5)).until(() -> sim.lastUpgradeStatus() == 401);
    h.enroll("cp-new");
    await().atMost(Duration.ofSeconds(10)).until(() -> "Accepted".equals(sim.bootStatus()));
    h.registry.remove("cp-new");
    await().atMost(Duration.ofSeconds(5)).until(() -> !h.bridge.isConnected("cp-new"));
  }

  @Test
  void rejectsBootNotificationOfUnknownChargerWithoutAuthentication() throws Exception {
    try (BridgeHarness open = new BridgeHarness(BridgeHarness.testConfig().withSecurity(SecurityProfile.NONE, null))) {
      ChargePointSimulator sim = open.start(open.simConfig("cp-anon", OcppVersion.V201));
      await().atMost(Duration.ofSeconds(5)).until(() -> "Rejected".equals(sim.bootStatus()));
      // While rejected, other messages get SecurityError (OCPP 2.0.1 B02.FR.09).
      assertThatThrownBy(() -> sim.call("Heartbeat", energy.vgf.ocpp.rpc.FrameCodec.newObject()).join())
          .hasMessageContaining("SecurityError");
    }
  }

  @Test
  void storesOnlyHashes() {
    EnrolledCharger c = h.enroll("cp-h");
    assertThat(c.passwordHash()).startsWith("pbkdf2-sha256$").doesNotContain(BridgeHarness.PASSWORD);
  }
}
