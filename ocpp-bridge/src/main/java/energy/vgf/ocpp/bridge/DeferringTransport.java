package energy.vgf.ocpp.bridge;

import energy.vgf.ocpp.rpc.FrameCodec;
import energy.vgf.ocpp.rpc.OcppVersion;
import energy.vgf.ocpp.rpc.RpcErrorCode;
import energy.vgf.ocpp.rpc.RpcTransport;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection's transport, able to hold back the answer to one incoming CALL until what it reported is stored.
 *
 * <p>{@code RpcEndpoint} answers a CALL synchronously on the reader thread. A transaction-related message must be
 * answered only once its records are in Kafka (OCPP 1.6 §4.7, 2.0.1 E04: the charger keeps and retries it until
 * then), and the reader thread must never wait for Kafka. So the handler registers a deferral for its CALL on the
 * reader thread, and when the endpoint then writes that CALL's CALLRESULT on the same thread, it is sent only when
 * the records are stored; if they cannot be, the charger gets a CALLERROR InternalError instead.
 */
final class DeferringTransport implements RpcTransport {
  private static final Logger LOG = LoggerFactory.getLogger(DeferringTransport.class);

  private final RpcTransport delegate;
  private final OcppVersion version;
  private final String chargerId;
  private final Executor executor;
  private final ThreadLocal<Deferral> next = new ThreadLocal<>();

  private record Deferral(String messageId, String action, CompletableFuture<Void> stored, Runnable afterAnswer) {}

  DeferringTransport(RpcTransport delegate, OcppVersion version, String chargerId, Executor executor) {
    this.delegate = delegate;
    this.version = version;
    this.chargerId = chargerId;
    this.executor = executor;
  }

  /**
   * Holds back the CALLRESULT of {@code messageId}, written next on this thread, until {@code stored} completes;
   * {@code afterAnswer} runs once it was sent.
   */
  void deferReply(String messageId, String action, CompletableFuture<Void> stored, Runnable afterAnswer) {
    next.set(new Deferral(messageId, action, stored, afterAnswer));
  }

  @Override
  public void send(String text, WriteListener onWritten) {
    Deferral d = next.get();
    if (d == null) {
      delegate.send(text, onWritten);
      return;
    }
    next.remove();
    if (!text.startsWith("[3,\"" + d.messageId() + "\"")) {
      // The handler or the response validation failed after all: the CALLERROR goes out at once.
      delegate.send(text, onWritten);
      return;
    }
    d.stored().whenCompleteAsync((v, e) -> {
      if (e == null) {
        delegate.send(text, onWritten);
        try {
          d.afterAnswer().run();
        } catch (RuntimeException ex) {
          LOG.error("{}: follow-up of {} failed", chargerId, d.action(), ex);
        }
      } else {
        LOG.warn("{}: {} not stored ({}); answered with InternalError so the charger retries it", chargerId,
            d.action(), e.toString());
        delegate.send(FrameCodec.callError(version, d.messageId(), RpcErrorCode.INTERNAL_ERROR,
            d.action() + " could not be stored; retry later"), onWritten);
      }
    }, executor);
  }

  @Override
  public void close(int statusCode, String reason) {
    delegate.close(statusCode, reason);
  }
}
