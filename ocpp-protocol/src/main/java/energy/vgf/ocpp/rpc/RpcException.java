package energy.vgf.ocpp.rpc;

/**
 * An OCPP-J error: thrown by handlers and validators to be sent as a CALLERROR, or raised to the caller of an
 * outgoing CALL when the peer answered with a CALLERROR or did not answer in time.
 */
public class RpcException extends RuntimeException {
  private final RpcErrorCode code;

  public RpcException(RpcErrorCode code, String description) {
    super(description);
    this.code = code;
  }

  public RpcErrorCode code() {
    return code;
  }

  public String description() {
    return getMessage();
  }
}
