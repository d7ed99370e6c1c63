package energy.vgf.ocpp.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import energy.vgf.ocpp.rpc.FrameCodec;
import energy.vgf.ocpp.rpc.OcppVersion;
import energy.vgf.ocpp.rpc.RpcErrorCode;
import energy.vgf.ocpp.rpc.RpcException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class OcppSchemaValidatorTest {
  private final OcppSchemaValidator validator = OcppSchemaValidator.shared();

  private static JsonNode json(String s) {
    return FrameCodec.MAPPER.readTree(s);
  }

  private RpcErrorCode codeOf(OcppVersion v, String action, String payload) {
    RpcException e = catchThrowableOfType(RpcException.class,
        () -> validator.validateRequest(v, action, json(payload)));
    assertThat(e).as("expected a violation for %s", payload).isNotNull();
    return e.code();
  }

  @Test
  void acceptsAValidBootNotificationInEveryVersion() {
    assertThatCode(() -> validator.validateRequest(OcppVersion.V16, "BootNotification",
        json("{\"chargePointVendor\":\"V\",\"chargePointModel\":\"M\"}"))).doesNotThrowAnyException();
    assertThatCode(() -> validator.validateRequest(OcppVersion.V201, "BootNotification",
        json("{\"reason\":\"PowerUp\",\"chargingStation\":{\"model\":\"M\",\"vendorName\":\"V\"}}")))
        .doesNotThrowAnyException();
    assertThatCode(() -> validator.validateRequest(OcppVersion.V21, "BootNotification",
        json("{\"reason\":\"PowerUp\",\"chargingStation\":{\"model\":\"M\",\"vendorName\":\"V\"}}")))
        .doesNotThrowAnyException();
  }

  @Test
  void missingRequiredFieldIsAnOccurrenceViolation() {
    assertThat(codeOf(OcppVersion.V16, "BootNotification", "{\"chargePointVendor\":\"V\"}"))
        .isEqualTo(RpcErrorCode.OCCURRENCE_CONSTRAINT_VIOLATION);
  }

  @Test
  void wrongTypeIsATypeConstraintViolation() {
    assertThat(codeOf(OcppVersion.V16, "BootNotification", "{\"chargePointVendor\":12,\"chargePointModel\":\"M\"}"))
        .isEqualTo(RpcErrorCode.TYPE_CONSTRAINT_VIOLATION);
  }

  @Test
  void tooLongStringAndUnknownEnumArePropertyConstraintViolations() {
    assertThat(codeOf(OcppVersion.V16, "BootNotification",
        "{\"chargePointVendor\":\"" + "x".repeat(21) + "\",\"chargePointModel\":\"M\"}"))
        .isEqualTo(RpcErrorCode.PROPERTY_CONSTRAINT_VIOLATION);
    assertThat(codeOf(OcppVersion.V201, "StatusNotification",
        "{\"timestamp\":\"2025-01-01T00:00:00Z\",\"connectorStatus\":\"Sleeping\",\"evseId\":1,\"connectorId\":1}"))
        .isEqualTo(RpcErrorCode.PROPERTY_CONSTRAINT_VIOLATION);
  }

  @Test
  void badDateTimeIsAPropertyConstraintViolation() {
    assertThat(codeOf(OcppVersion.V16, "StatusNotification",
        "{\"connectorId\":1,\"errorCode\":\"NoError\",\"status\":\"Available\",\"timestamp\":\"yesterday\"}"))
        .isEqualTo(RpcErrorCode.PROPERTY_CONSTRAINT_VIOLATION);
  }

  @Test
  void unknownPropertyIsAFormatViolation() {
    assertThat(codeOf(OcppVersion.V16, "Heartbeat", "{\"extra\":1}")).isEqualTo(RpcErrorCode.FORMAT_VIOLATION);
  }

  @Test
  void unknownActionIsNotImplemented() {
    assertThat(validator.knowsAction(OcppVersion.V16, "TransactionEvent")).isFalse();
    assertThat(validator.knowsAction(OcppVersion.V201, "TransactionEvent")).isTrue();
    assertThat(validator.knowsAction(OcppVersion.V21, "NotifyEVChargingNeeds")).isTrue();
    assertThat(codeOf(OcppVersion.V16, "Teleport", "{}")).isEqualTo(RpcErrorCode.NOT_IMPLEMENTED);
  }

  @Test
  void spellsCodesAsEachVersionRequires() {
    assertThat(RpcErrorCode.FORMAT_VIOLATION.wireName(OcppVersion.V16)).isEqualTo("FormationViolation");
    assertThat(RpcErrorCode.FORMAT_VIOLATION.wireName(OcppVersion.V201)).isEqualTo("FormatViolation");
    assertThat(RpcErrorCode.OCCURRENCE_CONSTRAINT_VIOLATION.wireName(OcppVersion.V16))
        .isEqualTo("OccurenceConstraintViolation");
    assertThat(RpcErrorCode.RPC_FRAMEWORK_ERROR.wireName(OcppVersion.V21)).isEqualTo("RpcFrameworkError");
  }
}
