package energy.vgf.ocpp.sim;

import energy.vgf.ocpp.rpc.CallHandler;
import energy.vgf.ocpp.rpc.FrameCodec;
import energy.vgf.ocpp.rpc.JettyTransport;
import energy.vgf.ocpp.rpc.OcppVersion;
import energy.vgf.ocpp.rpc.RpcEndpoint;
import energy.vgf.ocpp.rpc.RpcErrorCode;
import energy.vgf.ocpp.rpc.RpcException;
import energy.vgf.ocpp.rpc.RpcOptions;
import energy.vgf.ocpp.validation.OcppSchemaValidator;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import tools.jackson.databind.node.ObjectNode;

/**
 * A minimal OCPP 1.6 central system on 127.0.0.1 that accepts every charger, records the CALLs it answered, and
 * can refuse the next few transaction-related messages with a CALLERROR. Stopped and started again on one port.
 */
public final class TestCentralSystem implements AutoCloseable {
  /** A CALL this central system answered with a CALLRESULT. */
  record Answered(String action, ObjectNode payload, Instant at) {}

  final List<Answered> answered = new CopyOnWriteArrayList<>();
  final List<ObjectNode> refused = new CopyOnWriteArrayList<>();
  final AtomicInteger refuseNext = new AtomicInteger();
  private Server server;
  private int port;

  TestCentralSystem start(int listenPort) {
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(listenPort);
    server.addConnector(connector);
    server.setHandler(WebSocketUpgradeHandler.from(server, container -> container.addMapping("/ocpp/*",
        (req, resp, cb) -> {
          resp.setAcceptedSubProtocol(OcppVersion.V16.subprotocol());
          return new Connection();
        })));
    try {
      server.start();
    } catch (Exception e) {
      throw new IllegalStateException("test central system cannot listen on " + listenPort, e);
    }
    port = connector.getLocalPort();
    return this;
  }

  URI uri() {
    return URI.create("ws://127.0.0.1:" + port + "/ocpp");
  }

  int port() {
    return port;
  }

  List<Answered> answered(String action) {
    return answered.stream().filter(a -> a.action().equals(action)).toList();
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }

  public final class Connection implements Session.Listener.AutoDemanding {
    private RpcEndpoint endpoint;

    @Override
    public void onWebSocketOpen(Session s) {
      endpoint = new RpcEndpoint("central", OcppVersion.V16, new JettyTransport(s), RpcOptions.defaults(),
          OcppSchemaValidator.shared(), this::handle);
    }

    @Override
    public void onWebSocketText(String text) {
      endpoint.onText(text);
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
      endpoint.onClosed();
    }

    private ObjectNode handle(CallHandler.IncomingCall call) {
      String action = call.action();
      boolean transactional = action.equals("MeterValues") || action.endsWith("Transaction");
      if (transactional && refuseNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        refused.add(call.payload());
        throw new RpcException(RpcErrorCode.INTERNAL_ERROR, "not stored");
      }
      ObjectNode res = FrameCodec.newObject();
      switch (action) {
        case "BootNotification" -> res.put("currentTime", Instant.now().toString()).put("interval", 300)
            .put("status", "Accepted");
        case "Heartbeat" -> res.put("currentTime", Instant.now().toString());
        case "StartTransaction" -> {
          res.put("transactionId", 17);
          res.putObject("idTagInfo").put("status", "Accepted");
        }
        default -> { }
      }
      answered.add(new Answered(action, call.payload(), Instant.now()));
      return res;
    }
  }
}
