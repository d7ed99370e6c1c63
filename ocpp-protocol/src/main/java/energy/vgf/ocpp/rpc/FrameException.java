package energy.vgf.ocpp.rpc;

/**
 * A text frame that is not a well-formed RPC frame. {@link #replyable()} tells whether the peer expects an answer:
 * a broken CALL (or a frame whose type cannot be read) is answered with a CALLERROR; a broken CALLRESULT or
 * CALLERROR is not, since OCPP-J forbids answering a response.
 */
public class FrameException extends RpcException {
  /** OCPP 2.0.1 Part 4 §4.2.3: when the message id cannot be read, the CALLERROR carries "-1". */
  public static final String UNKNOWN_MESSAGE_ID = "-1";

  private final String messageId;
  private final boolean replyable;

  public FrameException(RpcErrorCode code, String messageId, boolean replyable, String description) {
    super(code, description);
    this.messageId = messageId;
    this.replyable = replyable;
  }

  public String messageId() {
    return messageId;
  }

  public boolean replyable() {
    return replyable;
  }
}
