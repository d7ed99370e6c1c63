package energy.vgf.ocpp.rpc;

/** The WebSocket closed while a CALL was queued or waiting for its answer. */
public class ConnectionClosedException extends RpcException {
  public ConnectionClosedException(String action) {
    super(RpcErrorCode.GENERIC_ERROR, action + ": connection closed before an answer arrived");
  }
}
