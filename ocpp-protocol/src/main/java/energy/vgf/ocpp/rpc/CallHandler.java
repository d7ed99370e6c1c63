package energy.vgf.ocpp.rpc;

import tools.jackson.databind.node.ObjectNode;

/** Answers the peer's CALLs. Runs on the connection's reader thread, one CALL at a time. */
@FunctionalInterface
public interface CallHandler {
  /**
   * @return the CALLRESULT payload
   * @throws RpcException to answer with a CALLERROR; any other exception becomes InternalError
   */
  ObjectNode handle(IncomingCall call);

  /** A CALL from the peer; {@link #afterReply} defers work until the answer has been handed to the socket. */
  interface IncomingCall {
    String messageId();

    String action();

    ObjectNode payload();

    /** Runs after the CALLRESULT was sent, e.g. a BootNotification's follow-up configuration. */
    void afterReply(Runnable task);
  }
}
