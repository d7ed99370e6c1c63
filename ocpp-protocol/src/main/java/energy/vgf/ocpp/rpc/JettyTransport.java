package energy.vgf.ocpp.rpc;

import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/** {@link RpcTransport} over a Jetty WebSocket session (client or server side). */
public final class JettyTransport implements RpcTransport {
  private final Session session;

  public JettyTransport(Session session) {
    this.session = session;
  }

  @Override
  public void send(String text, WriteListener onWritten) {
    if (!session.isOpen()) {
      onWritten.written(new java.nio.channels.ClosedChannelException());
      return;
    }
    session.sendText(text, Callback.from(() -> onWritten.written(null), onWritten::written));
  }

  @Override
  public void close(int statusCode, String reason) {
    session.close(statusCode, reason, Callback.NOOP);
  }
}
