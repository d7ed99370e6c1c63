package energy.vgf.ocpp.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import energy.vgf.charging.SessionEvent;
import energy.vgf.dispatch.AckStatus;
import energy.vgf.dispatch.DispatchSetpoint;
import energy.vgf.ocpp.rpc.FrameCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * Interoperability with an OCPP-J implementation not written here: npm ocpp-rpc 2.2.1 in strict mode, which
 * validates every message in both directions against the official OCPP JSON schemas. The JS charger lives in
 * src/test/js; its dependencies are installed with {@code npm ci} (done here when node_modules is missing).
 */
class OcppRpcInteropIT {
  private static final Path JS = Path.of("src/test/js").toAbsolutePath();
  private static BridgeHarness h;

  @BeforeAll
  static void setUp() throws Exception {
    if (!Files.isDirectory(JS.resolve("node_modules/ocpp-rpc"))) {
      run(List.of("npm", "ci", "--no-audit", "--no-fund"), Duration.ofMinutes(3));
    }
    h = new BridgeHarness();
  }

  @AfterAll
  static void tearDown() throws Exception {
    h.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"ocpp1.6", "ocpp2.0.1", "ocpp2.1"})
  void strictOcppRpcChargerBootsTransactsAndReceivesValidProfiles(String protocol) throws Exception {
    String id = "npm-" + protocol.replace(".", "");
    h.enroll(id);
    Process node = new ProcessBuilder("node", "interop.js", h.bridge.endpoint().toString(), id,
        BridgeHarness.PASSWORD, protocol).directory(JS.toFile()).redirectErrorStream(true).start();
    try {
      await().atMost(Duration.ofSeconds(20)).until(() -> !h.bridge.runningTransactions(id).isEmpty()
          && h.bridge.isReady(id));
      DispatchSetpoint sp = BridgeHarness.setpoint(id, 7.2, Duration.ofMinutes(15));
      h.bridge.submit(sp);
      assertThat(node.waitFor(40, TimeUnit.SECONDS)).as("node finished").isTrue();
      String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      String last = out.substring(out.lastIndexOf('\n') + 1);
      assertThat(node.exitValue()).as(out).isZero();
      JsonNode result = FrameCodec.MAPPER.readTree(last);
      assertThat(result.get("errors")).isEmpty();
      assertThat(result.get("boot").get("status").asString()).isEqualTo("Accepted");
      assertThat(result.get("txDefaultProfile").get("chargingProfileKind").asString()).isEqualTo("Relative");
      assertThat(result.get("txProfile").get("transactionId").asString())
          .isEqualTo(result.get("transactionId").asString());
      assertThat(h.sink.acks).anyMatch(a -> a.getSetpointId().equals(sp.getSetpointId())
          && a.getStatus() == AckStatus.ACCEPTED);
      await().atMost(Duration.ofSeconds(5)).until(() -> h.sink.sessions.stream()
          .anyMatch(s -> s.getChargerId().equals(id) && s.getEvent() == SessionEvent.ENDED));
      assertThat(h.sink.meters).anyMatch(m -> m.getChargerId().equals(id) && m.getSocPct() != null
          && m.getSocPct() == 42.0);
    } finally {
      node.destroy();
    }
  }

  private static void run(List<String> cmd, Duration timeout) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).directory(JS.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + " failed in " + JS + ":\n" + out);
    }
  }
}
