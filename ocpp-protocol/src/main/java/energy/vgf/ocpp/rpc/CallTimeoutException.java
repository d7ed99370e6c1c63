package energy.vgf.ocpp.rpc;

import java.time.Duration;

/** The peer did not answer a CALL within the response timeout (OCPP-J: the CALL is then considered failed). */
public class CallTimeoutException extends RpcException {
  public CallTimeoutException(String action, String messageId, Duration timeout) {
    super(RpcErrorCode.GENERIC_ERROR, action + " (message " + messageId + ") not answered within " + timeout);
  }
}
