package energy.vgf.ocpp.bridge;

import energy.vgf.dispatch.AckStatus;
import energy.vgf.dispatch.DispatchAck;
import energy.vgf.dispatch.DispatchSetpoint;
import energy.vgf.ocpp.profile.ChargingProfileMapper;
import energy.vgf.ocpp.rpc.FrameCodec;
import energy.vgf.ocpp.rpc.OcppVersion;
import energy.vgf.ocpp.security.Authenticator;
import energy.vgf.ocpp.security.ChargerRegistry;
import energy.vgf.ocpp.security.EnrolledCharger;
import energy.vgf.ocpp.security.SecurityProfile;
import energy.vgf.ocpp.validation.OcppSchemaValidator;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OCPP central system: accepts chargers at {@code ws[s]://host:port/ocpp/{chargePointId}}, publishes what they
 * report to a {@link ChargerEventSink}, and delivers setpoints ({@link #submit}) as charging profiles.
 */
public final class OcppBridge implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OcppBridge.class);
  public static final String PATH_PREFIX = "/ocpp/";

  private final BridgeConfig config;
  private final ChargerRegistry registry;
  private final Authenticator authenticator;
  private final ChargerEventSink sink;
  private final Map<String, ChargerConnection> connections = new ConcurrentHashMap<>();
  private final Map<String, DispatchSetpoint> latestSetpoints = new ConcurrentHashMap<>();
  // Per charger and connector, the idTag of the last session seen: names the vehicle of a transaction adopted after
  // a reconnect. Bounded by the enrolled chargers' connectors.
  private final Map<String, String> lastIdTags = new ConcurrentHashMap<>();
  private final ScheduledExecutorService scheduler;
  private final ExecutorService deliveryExecutor;
  // 1.6 transaction ids are integers chosen by the central system; seeding from the clock keeps them unique across
  // restarts of one instance.
  private final AtomicInteger transactionIds =
      new AtomicInteger((int) ((System.currentTimeMillis() / 1000) % 1_000_000_000L));
  private final SitePowerGuard powerGuard;
  private volatile SetpointObserver observer = SetpointObserver.NONE;
  private Server server;
  private ServerConnector connector;

  public OcppBridge(BridgeConfig config, ChargerRegistry registry, ChargerEventSink sink) {
    this.config = config;
    this.registry = registry;
    this.authenticator = new Authenticator(config.securityProfile(), registry);
    this.sink = sink;
    this.powerGuard = new SitePowerGuard(config.siteChargingLimitsKw());
    this.scheduler = Executors.newScheduledThreadPool(1, r -> daemon(r, "ocpp-bridge-timers"));
    this.deliveryExecutor = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()),
        r -> daemon(r, "ocpp-bridge-delivery"));
    // A charger removed from the enrolment is disconnected at once (OCPP has no de-registration message).
    registry.onChange((id, charger) -> {
      if (charger == null) {
        ChargerConnection c = connections.get(id);
        if (c != null) {
          LOG.info("{}: enrolment removed, closing its connection", id);
          c.close(1008, "charger removed");
        }
      }
    });
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  // ------------------------------------------------------------------ lifecycle

  public OcppBridge start() {
    // Warm the schemas now rather than on the first charger's message.
    for (OcppVersion v : OcppVersion.values()) {
      OcppSchemaValidator.shared().knowsAction(v, "Heartbeat");
    }
    QueuedThreadPool threads = new QueuedThreadPool(64, 8);
    threads.setName("ocpp-bridge");
    server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    if (config.securityProfile().tls()) {
      SecureRequestCustomizer src = new SecureRequestCustomizer();
      src.setSniHostCheck(false);
      http.addCustomizer(src);
      SslContextFactory.Server ssl = new SslContextFactory.Server();
      ssl.setKeyStorePath(config.tls().keyStore().toString());
      ssl.setKeyStorePassword(config.tls().keyStorePassword());
      ssl.setKeyStoreType("PKCS12");
      if (config.tls().trustStore() != null) {
        ssl.setTrustStorePath(config.tls().trustStore().toString());
        ssl.setTrustStorePassword(config.tls().trustStorePassword());
        ssl.setTrustStoreType("PKCS12");
      }
      // OCPP 2.0.1 A00.FR.309/.406: TLS 1.2 or higher.
      ssl.setIncludeProtocols("TLSv1.2", "TLSv1.3");
      if (config.securityProfile() == SecurityProfile.TLS_CLIENT_CERT) {
        ssl.setNeedClientAuth(true);
      }
      connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
          new HttpConnectionFactory(http));
    } else {
      connector = new ServerConnector(server, new HttpConnectionFactory(http));
    }
    connector.setHost(config.host());
    connector.setPort(config.port());
    connector.setAcceptQueueSize(4096);
    server.addConnector(connector);
    server.setHandler(WebSocketUpgradeHandler.from(server, container -> {
      container.setMaxTextMessageSize(config.maxFrameChars());
      container.setMaxBinaryMessageSize(1024);
      // OCPP-J keeps connections open indefinitely; liveness comes from WebSocket pings / Heartbeats.
      container.setIdleTimeout(Duration.ofMillis(Math.max(3L * config.heartbeatIntervalS() * 1000, 600_000)));
      container.addMapping("/ocpp/*", this::upgrade);
    }));
    try {
      server.start();
    } catch (Exception e) {
      throw new IllegalStateException("bridge cannot listen on " + config.host() + ":" + config.port(), e);
    }
    LOG.info("OCPP bridge listening on {} (security profile {})", endpoint(), config.securityProfile().number());
    return this;
  }

  /** The base URL chargers connect to, followed by their id. */
  public URI endpoint() {
    String host = config.host().equals("0.0.0.0") ? "127.0.0.1" : config.host();
    return URI.create((config.securityProfile().tls() ? "wss" : "ws") + "://" + host + ":"
        + connector.getLocalPort() + "/ocpp");
  }

  public int port() {
    return connector.getLocalPort();
  }

  @Override
  public void close() {
    try {
      if (server != null) {
        server.stop();
      }
    } catch (Exception e) {
      LOG.warn("bridge did not stop cleanly: {}", e.toString());
    }
    scheduler.shutdownNow();
    deliveryExecutor.shutdownNow();
  }

  // ------------------------------------------------------------------ upgrade

  private Object upgrade(ServerUpgradeRequest req, ServerUpgradeResponse resp, org.eclipse.jetty.util.Callback cb) {
    String path = req.getHttpURI().getDecodedPath();
    String chargerId = path.startsWith(PATH_PREFIX) ? path.substring(PATH_PREFIX.length()) : "";
    // OCPP 2.0.1 Part 4 §3.1.1: the identity is the last path segment, at most 48 characters (identifierString);
    // 1.6 Security Whitepaper: the identity must not contain ':' since it is the Basic-auth username.
    if (chargerId.isEmpty() || chargerId.length() > 48 || chargerId.contains("/") || chargerId.contains(":")) {
      Response.writeError(req, resp, cb, 404, "expected /ocpp/{chargePointId}");
      return null;
    }
    X509Certificate[] certs = null;
    Object ssl = req.getAttribute(EndPoint.SslSessionData.ATTRIBUTE);
    if (ssl instanceof EndPoint.SslSessionData data) {
      certs = data.peerCertificates();
    }
    Authenticator.Decision decision =
        authenticator.check(chargerId, req.getHeaders().get(HttpHeader.AUTHORIZATION), certs);
    if (!decision.allowed()) {
      LOG.warn("{}: connection refused from {}: {}", chargerId, req.getConnectionMetaData().getRemoteSocketAddress(),
          decision.reason());
      if (config.securityProfile() != SecurityProfile.TLS_CLIENT_CERT) {
        resp.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Basic realm=\"OCPP\", charset=\"UTF-8\"");
      }
      Response.writeError(req, resp, cb, decision.httpStatus(), "unauthorized");
      return null;
    }
    // The client lists subprotocols in its order of preference; take the first we speak.
    Optional<OcppVersion> version = req.getSubProtocols().stream().map(OcppVersion::fromSubprotocol)
        .flatMap(Optional::stream).findFirst();
    if (version.isEmpty()) {
      // OCPP-J 1.6 §3.1.2 / 2.0.1 Part 4 §3.1.2: answer without Sec-WebSocket-Protocol and close at once.
      LOG.warn("{}: no supported OCPP subprotocol in {}", chargerId, req.getSubProtocols());
      return new org.eclipse.jetty.websocket.api.Session.Listener.AutoDemanding() {
        @Override
        public void onWebSocketOpen(org.eclipse.jetty.websocket.api.Session s) {
          s.close(1002, "no supported OCPP subprotocol", org.eclipse.jetty.websocket.api.Callback.NOOP);
        }
      };
    }
    resp.setAcceptedSubProtocol(version.get().subprotocol());
    EnrolledCharger enrollment = registry.get(chargerId).orElse(null);
    return new ChargerConnection(this, chargerId, version.get(), enrollment);
  }

  void registerConnection(ChargerConnection c) {
    ChargerConnection previous = connections.put(c.chargerId(), c);
    if (previous != null && previous != c) {
      // The newest connection wins: the old one is usually half-open after a network failure.
      LOG.info("{}: new connection replaces the previous one", c.chargerId());
      previous.close(1000, "replaced by a new connection");
    }
  }

  void unregisterConnection(ChargerConnection c) {
    connections.remove(c.chargerId(), c);
  }

  // ------------------------------------------------------------------ setpoints and commands

  /**
   * Takes a setpoint from dispatch or an operator. The latest setpoint per charger wins: it replaces any older
   * one, is delivered now if the charger is connected, and again whenever the charger reconnects or starts a
   * transaction while it is still valid.
   */
  public void submit(DispatchSetpoint sp) {
    String id = sp.getChargerId();
    DispatchSetpoint merged = latestSetpoints.merge(id, sp,
        (old, neu) -> neu.getCreatedAt().isBefore(old.getCreatedAt()) ? old : neu);
    if (merged != sp) {
      LOG.debug("{}: setpoint {} is older than {} and ignored", id, sp.getSetpointId(), merged.getSetpointId());
      return;
    }
    ChargerConnection c = connections.get(id);
    if (c == null) {
      sink.ack(DispatchAck.newBuilder().setSetpointId(sp.getSetpointId()).setChargerId(id)
          .setStatus(AckStatus.NOT_CONNECTED).setTs(Instant.now()).setOcppAction("SetChargingProfile")
          .setDetail(registry.get(id).isPresent() ? "charger offline; delivered when it reconnects"
              : "charger not enrolled").build());
      return;
    }
    deliveryExecutor.execute(() -> c.deliver(sp));
  }

  DispatchSetpoint latestSetpoint(String chargerId) {
    DispatchSetpoint sp = latestSetpoints.get(chargerId);
    if (sp != null && !sp.getValidTo().isAfter(Instant.now())) {
      latestSetpoints.remove(chargerId, sp);
      return null;
    }
    return sp;
  }

  /** Removes this bridge's TxProfile so the charger falls back to its TxDefaultProfile. */
  public CompletableFuture<ObjectNode> clearTxProfile(String chargerId, int connectorId) {
    ChargerConnection c = connection(chargerId);
    return c.call("ClearChargingProfile", ChargingProfileMapper.clearTxProfile(c.version(), connectorId));
  }

  public CompletableFuture<ObjectNode> compositeSchedule(String chargerId, int connectorId, Duration duration) {
    ChargerConnection c = connection(chargerId);
    String unit = c.capabilities() == null ? "W" : c.capabilities().rateUnit();
    return c.call("GetCompositeSchedule",
        ChargingProfileMapper.getCompositeSchedule(c.version(), connectorId, duration, unit));
  }

  /** RemoteStartTransaction (1.6) or RequestStartTransaction (2.x). */
  public CompletableFuture<ObjectNode> remoteStart(String chargerId, int connectorId, String idTag) {
    ChargerConnection c = connection(chargerId);
    ObjectNode req = FrameCodec.newObject();
    if (c.version() == OcppVersion.V16) {
      req.put("connectorId", connectorId).put("idTag", idTag);
      return c.call("RemoteStartTransaction", req);
    }
    req.put("evseId", connectorId).put("remoteStartId", transactionIds.incrementAndGet());
    req.putObject("idToken").put("idToken", idTag).put("type", "Central");
    return c.call("RequestStartTransaction", req);
  }

  /** RemoteStopTransaction (1.6) or RequestStopTransaction (2.x). */
  public CompletableFuture<ObjectNode> remoteStop(String chargerId, String transactionId) {
    ChargerConnection c = connection(chargerId);
    ObjectNode req = FrameCodec.newObject();
    if (c.version() == OcppVersion.V16) {
      req.put("transactionId", Integer.parseInt(transactionId));
      return c.call("RemoteStopTransaction", req);
    }
    req.put("transactionId", transactionId);
    return c.call("RequestStopTransaction", req);
  }

  /** Sends a lowered interim grant (see {@link SitePowerGuard#yieldInterims}) to its charger, if still connected. */
  void lowerInterim(SitePowerGuard.ConnectorKey key, double kw) {
    ChargerConnection c = connections.get(key.chargerId());
    if (c != null) {
      deliveryExecutor().execute(() -> c.lowerInterim(key.connectorId(), kw));
    }
  }

  private ChargerConnection connection(String chargerId) {
    ChargerConnection c = connections.get(chargerId);
    if (c == null) {
      throw new ChargerNotConnectedException(chargerId);
    }
    return c;
  }

  // ------------------------------------------------------------------ introspection

  public int connectionCount() {
    return connections.size();
  }

  /** Chargers whose setup (rate unit, TxDefaultProfile) finished on their current connection. */
  public long readyCount() {
    return connections.values().stream().filter(ChargerConnection::isReady).count();
  }

  public boolean isConnected(String chargerId) {
    return connections.containsKey(chargerId);
  }

  public boolean isReady(String chargerId) {
    ChargerConnection c = connections.get(chargerId);
    return c != null && c.isReady();
  }

  public Map<Integer, String> runningTransactions(String chargerId) {
    ChargerConnection c = connections.get(chargerId);
    return c == null ? Map.of() : c.runningTransactions();
  }

  public List<String> connectedChargers() {
    return List.copyOf(connections.keySet());
  }

  public void setObserver(SetpointObserver observer) {
    this.observer = observer;
  }

  // ------------------------------------------------------------------ for connections

  BridgeConfig config() {
    return config;
  }

  SitePowerGuard powerGuard() {
    return powerGuard;
  }

  ChargerEventSink sink() {
    return sink;
  }

  ScheduledExecutorService scheduler() {
    return scheduler;
  }

  ExecutorService deliveryExecutor() {
    return deliveryExecutor;
  }

  SetpointObserver observer() {
    return observer;
  }

  void rememberIdTag(String chargerId, int connectorId, String idTag) {
    if (idTag != null) {
      lastIdTags.put(chargerId + "/" + connectorId, idTag);
    }
  }

  String lastIdTag(String chargerId, int connectorId) {
    return lastIdTags.get(chargerId + "/" + connectorId);
  }

  int nextTransactionId() {
    return transactionIds.incrementAndGet();
  }
}
