package energy.vgf.ocpp.rpc;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Reads and writes OCPP-J RPC frames. Stateless and thread-safe. */
public final class FrameCodec {
  /** OCPP-J: the message id is a string of at most 36 characters (room for a GUID). */
  public static final int MAX_MESSAGE_ID_LENGTH = 36;

  public static final JsonMapper MAPPER = JsonMapper.builder().build();

  private FrameCodec() {}

  public static ObjectNode newObject() {
    return JsonNodeFactory.instance.objectNode();
  }

  public static Frame parse(String text) {
    JsonNode root;
    try {
      root = MAPPER.readTree(text);
    } catch (JacksonException e) {
      throw new FrameException(RpcErrorCode.RPC_FRAMEWORK_ERROR, FrameException.UNKNOWN_MESSAGE_ID, true,
          "Message is not valid JSON");
    }
    if (root == null || !root.isArray() || root.isEmpty()) {
      throw new FrameException(RpcErrorCode.RPC_FRAMEWORK_ERROR, FrameException.UNKNOWN_MESSAGE_ID, true,
          "Message must be a non-empty JSON array");
    }
    ArrayNode array = (ArrayNode) root;
    JsonNode type = array.get(0);
    if (!type.isIntegralNumber()) {
      throw new FrameException(RpcErrorCode.RPC_FRAMEWORK_ERROR, FrameException.UNKNOWN_MESSAGE_ID, true,
          "MessageTypeId must be an integer");
    }
    int messageType = type.intValue();
    JsonNode idNode = array.size() > 1 ? array.get(1) : null;
    String messageId = idNode != null && idNode.isString() ? idNode.stringValue() : null;
    boolean isCall = messageType == Frame.CALL;
    if (messageId == null || messageId.isEmpty() || messageId.length() > MAX_MESSAGE_ID_LENGTH) {
      throw new FrameException(RpcErrorCode.RPC_FRAMEWORK_ERROR, FrameException.UNKNOWN_MESSAGE_ID, isCall,
          "MessageId must be a string of 1 to " + MAX_MESSAGE_ID_LENGTH + " characters");
    }
    switch (messageType) {
      case Frame.CALL -> {
        if (array.size() != 4) {
          throw new FrameException(RpcErrorCode.RPC_FRAMEWORK_ERROR, messageId, true,
              "CALL must have 4 elements, got " + array.size());
        }
        JsonNode action = array.get(2);
        if (!action.isString() || action.stringValue().isEmpty()) {
          throw new FrameException(RpcErrorCode.RPC_FRAMEWORK_ERROR, messageId, true, "Action must be a string");
        }
        JsonNode payload = array.get(3);
        if (!payload.isObject()) {
          throw new FrameException(RpcErrorCode.FORMAT_VIOLATION, messageId, true,
              "Payload of " + action.stringValue() + " must be a JSON object");
        }
        return new Frame.Call(messageId, action.stringValue(), (ObjectNode) payload);
      }
      case Frame.CALLRESULT -> {
        if (array.size() != 3 || !array.get(2).isObject()) {
          throw new FrameException(RpcErrorCode.RPC_FRAMEWORK_ERROR, messageId, false,
              "CALLRESULT must be [3, id, {payload}]");
        }
        return new Frame.CallResult(messageId, (ObjectNode) array.get(2));
      }
      case Frame.CALLERROR -> {
        if (array.size() != 5 || !array.get(2).isString() || !array.get(3).isString()) {
          throw new FrameException(RpcErrorCode.RPC_FRAMEWORK_ERROR, messageId, false,
              "CALLERROR must be [4, id, code, description, {details}]");
        }
        return new Frame.CallError(messageId, array.get(2).stringValue(), array.get(3).stringValue(), array.get(4));
      }
      default -> throw new FrameException(RpcErrorCode.MESSAGE_TYPE_NOT_SUPPORTED, messageId, true,
          "MessageTypeId " + messageType + " is not supported");
    }
  }

  public static String call(String messageId, String action, ObjectNode payload) {
    ArrayNode a = JsonNodeFactory.instance.arrayNode();
    a.add(Frame.CALL).add(messageId).add(action).add(payload);
    return a.toString();
  }

  public static String callResult(String messageId, JsonNode payload) {
    ArrayNode a = JsonNodeFactory.instance.arrayNode();
    a.add(Frame.CALLRESULT).add(messageId).add(payload);
    return a.toString();
  }

  public static String callError(OcppVersion version, String messageId, RpcErrorCode code, String description) {
    ArrayNode a = JsonNodeFactory.instance.arrayNode();
    // OCPP-J: errorDescription should be short; errorDetails is required and may be an empty object.
    String d = description == null ? "" : description.length() > 255 ? description.substring(0, 255) : description;
    a.add(Frame.CALLERROR).add(messageId).add(code.wireName(version)).add(d).add(newObject());
    return a.toString();
  }
}
