package energy.vgf.ocpp.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/** Every kind of bad frame gets the CALLERROR OCPP-J prescribes, and the connection stays up. */
class ProtocolErrorsIT {
  private static BridgeHarness h;

  @BeforeAll
  static void start() {
    h = new BridgeHarness(BridgeHarness.testConfig().withRpc(BridgeHarness.testConfig().rpc().withMaxMessageChars(4096)));
    h.enroll("cp-bad");
  }

  @AfterAll
  static void stop() throws Exception {
    h.close();
  }

  private static final String BOOT16 = "{\"chargePointVendor\":\"V\",\"chargePointModel\":\"M\"}";

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', textBlock = """
      ocpp1.6   | this is not json                                                   | -1  | FormationViolation
      ocpp2.0.1 | this is not json                                                   | -1  | RpcFrameworkError
      ocpp2.0.1 | {"not":"an array"}                                                 | -1  | RpcFrameworkError
      ocpp2.0.1 | []                                                                 | -1  | RpcFrameworkError
      ocpp2.0.1 | ["2","m1","Heartbeat",{}]                                          | -1  | RpcFrameworkError
      ocpp2.0.1 | [2,17,"Heartbeat",{}]                                              | -1  | RpcFrameworkError
      ocpp2.0.1 | [2,"m2","Heartbeat"]                                               | m2  | RpcFrameworkError
      ocpp2.0.1 | [7,"m3",{}]                                                        | m3  | MessageTypeNotSupported
      ocpp1.6   | [2,"m4","Heartbeat",[]]                                            | m4  | FormationViolation
      ocpp1.6   | [2,"m5","Teleport",{}]                                             | m5  | NotImplemented
      ocpp2.0.1 | [2,"m6","StartTransaction",{}]                                     | m6  | NotImplemented
      ocpp1.6   | [2,"m7","BootNotification",{"chargePointVendor":"V"}]              | m7  | OccurenceConstraintViolation
      ocpp2.0.1 | [2,"m8","BootNotification",{"reason":"PowerUp"}]                   | m8  | OccurrenceConstraintViolation
      ocpp1.6   | [2,"m9","BootNotification",{"chargePointVendor":1,"chargePointModel":"M"}] | m9 | TypeConstraintViolation
      ocpp1.6   | [2,"m10","StatusNotification",{"connectorId":1,"errorCode":"NoError","status":"Dancing"}] | m10 | PropertyConstraintViolation
      ocpp1.6   | [2,"m11","BootNotification",{"chargePointVendor":"VVVVVVVVVVVVVVVVVVVVVVVVV","chargePointModel":"M"}] | m11 | PropertyConstraintViolation
      ocpp1.6   | [2,"m12","Heartbeat",{"extra":true}]                               | m12 | FormationViolation
      ocpp2.1   | [2,"m13","Heartbeat",{"extra":true}]                               | m13 | FormatViolation
      ocpp1.6   | [2,"m14","GetConfiguration",{}]                                    | m14 | NotSupported
      """)
  void answersBadFramesWithTheRightCallErrorAndStaysConnected(String subprotocol, String frame, String expectedId,
      String expectedCode) throws Exception {
    try (RawOcppClient raw = RawOcppClient.connect(h.client, h.bridge.endpoint(), "cp-bad", subprotocol,
        BridgeHarness.PASSWORD)) {
      raw.send(frame);
      JsonNode error = raw.nextResponse(Duration.ofSeconds(5));
      assertThat(error.get(0).asInt()).isEqualTo(4);
      assertThat(error.get(1).asString()).isEqualTo(expectedId);
      assertThat(error.get(2).asString()).isEqualTo(expectedCode);
      assertThat(error.get(4).isObject()).isTrue();
      // Still up: a valid CALL is answered normally.
      raw.send(subprotocol.equals("ocpp1.6") ? "[2,\"ok\",\"BootNotification\"," + BOOT16 + "]"
          : "[2,\"ok\",\"Heartbeat\",{}]");
      JsonNode ok = raw.nextResponse(Duration.ofSeconds(5));
      assertThat(ok.get(0).asInt()).isEqualTo(3);
      assertThat(raw.isOpen()).isTrue();
    }
  }

  @ParameterizedTest
  @CsvSource({"ocpp1.6,FormationViolation", "ocpp2.0.1,FormatViolation"})
  void refusesOversizeFramesWithoutParsingThem(String subprotocol, String code) throws Exception {
    try (RawOcppClient raw = RawOcppClient.connect(h.client, h.bridge.endpoint(), "cp-bad", subprotocol,
        BridgeHarness.PASSWORD)) {
      raw.send("[2,\"big\",\"DataTransfer\",{\"vendorId\":\"x\",\"data\":\"" + "x".repeat(10_000) + "\"}]");
      JsonNode error = raw.nextResponse(Duration.ofSeconds(5));
      assertThat(error.get(1).asString()).isEqualTo("big");
      assertThat(error.get(2).asString()).isEqualTo(code);
      raw.send("[2,\"ok\",\"Heartbeat\",{}]");
      assertThat(raw.nextResponse(Duration.ofSeconds(5)).get(0).asInt()).isEqualTo(3);
    }
  }

  @ParameterizedTest
  @CsvSource({"ocpp2.0.1"})
  void rateLimitsCallsPerConnection(String subprotocol) throws Exception {
    try (RawOcppClient raw = RawOcppClient.connect(h.client, h.bridge.endpoint(), "cp-bad", subprotocol,
        BridgeHarness.PASSWORD)) {
      int burst = h.bridge.config().rpc().callBurst();
      for (int i = 0; i < burst + 10; i++) {
        raw.send("[2,\"hb" + i + "\",\"Heartbeat\",{}]");
      }
      int errors = 0;
      for (int i = 0; i < burst + 10; i++) {
        JsonNode r = raw.nextResponse(Duration.ofSeconds(5));
        if (r.get(0).asInt() == 4) {
          errors++;
          assertThat(r.get(2).asString()).isEqualTo("GenericError");
        }
      }
      assertThat(errors).isPositive();
      assertThat(raw.isOpen()).isTrue();
    }
  }
}
