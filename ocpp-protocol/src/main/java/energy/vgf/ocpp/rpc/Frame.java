package energy.vgf.ocpp.rpc;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** One OCPP-J RPC frame (OCPP-J 1.6 §4.1.3, OCPP 2.0.1 Part 4 §4.1.3). */
public sealed interface Frame {
  int CALL = 2;
  int CALLRESULT = 3;
  int CALLERROR = 4;

  String messageId();

  /** [2, "messageId", "Action", {payload}] */
  record Call(String messageId, String action, ObjectNode payload) implements Frame {}

  /** [3, "messageId", {payload}] */
  record CallResult(String messageId, ObjectNode payload) implements Frame {}

  /** [4, "messageId", "errorCode", "errorDescription", {errorDetails}] */
  record CallError(String messageId, String errorCode, String errorDescription, JsonNode errorDetails)
      implements Frame {}
}
