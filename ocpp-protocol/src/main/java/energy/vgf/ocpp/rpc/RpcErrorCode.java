package energy.vgf.ocpp.rpc;

/**
 * CALLERROR codes of OCPP-J 1.6 §4.2.3 and OCPP 2.0.1 Part 4 §4.3. A few codes are spelt differently in 1.6
 * (FormationViolation, OccurenceConstraintViolation) and some 2.x codes do not exist in 1.6; {@link #wireName}
 * gives the spelling the negotiated version requires.
 */
public enum RpcErrorCode {
  /** Payload is syntactically incorrect or does not conform to the PDU structure of the action. */
  FORMAT_VIOLATION,
  GENERIC_ERROR,
  INTERNAL_ERROR,
  /** 2.x only: a message type number the receiver does not know. */
  MESSAGE_TYPE_NOT_SUPPORTED,
  /** The action is not known by the receiver. */
  NOT_IMPLEMENTED,
  /** The action is known but not supported. */
  NOT_SUPPORTED,
  /** A field violates an occurrence (cardinality) constraint, e.g. a required field is missing. */
  OCCURRENCE_CONSTRAINT_VIOLATION,
  /** A field contains an invalid value (enum, length, range, pattern). */
  PROPERTY_CONSTRAINT_VIOLATION,
  /** The payload for the action is incomplete. */
  PROTOCOL_ERROR,
  /** 2.x only: the content of the frame is not a valid RPC frame (e.g. not JSON, wrong element count). */
  RPC_FRAMEWORK_ERROR,
  /** The message was received at the wrong moment, e.g. before the BootNotification was accepted. */
  SECURITY_ERROR,
  /** A field violates a data type constraint, e.g. "somestring": 12. */
  TYPE_CONSTRAINT_VIOLATION;

  public String wireName(OcppVersion version) {
    boolean v16 = version == OcppVersion.V16;
    return switch (this) {
      case FORMAT_VIOLATION -> v16 ? "FormationViolation" : "FormatViolation";
      case GENERIC_ERROR -> "GenericError";
      case INTERNAL_ERROR -> "InternalError";
      // 1.6 has neither MessageTypeNotSupported nor RpcFrameworkError: the frame is "not conform the PDU
      // structure", which 1.6 calls a FormationViolation.
      case MESSAGE_TYPE_NOT_SUPPORTED -> v16 ? "FormationViolation" : "MessageTypeNotSupported";
      case RPC_FRAMEWORK_ERROR -> v16 ? "FormationViolation" : "RpcFrameworkError";
      case NOT_IMPLEMENTED -> "NotImplemented";
      case NOT_SUPPORTED -> "NotSupported";
      case OCCURRENCE_CONSTRAINT_VIOLATION -> v16 ? "OccurenceConstraintViolation" : "OccurrenceConstraintViolation";
      case PROPERTY_CONSTRAINT_VIOLATION -> "PropertyConstraintViolation";
      case PROTOCOL_ERROR -> "ProtocolError";
      case SECURITY_ERROR -> "SecurityError";
      case TYPE_CONSTRAINT_VIOLATION -> "TypeConstraintViolation";
    };
  }

  /** Reads a code received from the peer in either spelling; unknown codes become GENERIC_ERROR. */
  public static RpcErrorCode fromWire(String name) {
    if (name == null) {
      return GENERIC_ERROR;
    }
    return switch (name) {
      case "FormationViolation", "FormatViolation" -> FORMAT_VIOLATION;
      case "InternalError" -> INTERNAL_ERROR;
      case "MessageTypeNotSupported" -> MESSAGE_TYPE_NOT_SUPPORTED;
      case "NotImplemented" -> NOT_IMPLEMENTED;
      case "NotSupported" -> NOT_SUPPORTED;
      case "OccurenceConstraintViolation", "OccurrenceConstraintViolation" -> OCCURRENCE_CONSTRAINT_VIOLATION;
      case "PropertyConstraintViolation" -> PROPERTY_CONSTRAINT_VIOLATION;
      case "ProtocolError" -> PROTOCOL_ERROR;
      case "RpcFrameworkError" -> RPC_FRAMEWORK_ERROR;
      case "SecurityError" -> SECURITY_ERROR;
      case "TypeConstraintViolation" -> TYPE_CONSTRAINT_VIOLATION;
      default -> GENERIC_ERROR;
    };
  }
}
