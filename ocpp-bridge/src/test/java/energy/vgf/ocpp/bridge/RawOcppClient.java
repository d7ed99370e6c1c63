package energy.vgf.ocpp.bridge;

import energy.vgf.ocpp.rpc.FrameCodec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import tools.jackson.databind.JsonNode;

/** A bare WebSocket client that sends whatever text a test wants and collects what comes back. */
public final class RawOcppClient implements Session.Listener.AutoDemanding, AutoCloseable {
  final BlockingQueue<String> received = new LinkedBlockingQueue<>();
  volatile Session session;
  volatile int closeCode = -1;

  static RawOcppClient connect(WebSocketClient client, URI base, String chargerId, String subprotocol,
      String password) throws Exception {
    RawOcppClient raw = new RawOcppClient();
    ClientUpgradeRequest req = new ClientUpgradeRequest();
    req.setSubProtocols(subprotocol);
    if (password != null) {
      req.setHeader("Authorization", "Basic " + Base64.getEncoder()
          .encodeToString((chargerId + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }
    client.connect(raw, URI.create(base + "/" + chargerId), req).get(5, TimeUnit.SECONDS);
    return raw;
  }

  @Override
  public void onWebSocketOpen(Session s) {
    session = s;
  }

  @Override
  public void onWebSocketText(String message) {
    received.add(message);
  }

  @Override
  public void onWebSocketClose(int statusCode, String reason) {
    closeCode = statusCode;
  }

  void send(String text) {
    session.sendText(text, Callback.NOOP);
  }

  /** Next frame that is a response (type 3 or 4), skipping the central system's own CALLs. */
  JsonNode nextResponse(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      String s = received.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (s == null) {
        throw new AssertionError("no response within " + timeout);
      }
      JsonNode n = FrameCodec.MAPPER.readTree(s);
      if (n.get(0).asInt() != 2) {
        return n;
      }
    }
  }

  boolean isOpen() {
    return session != null && session.isOpen();
  }

  @Override
  public void close() {
    if (session != null) {
      session.close();
    }
  }
}
