package energy.vgf.ocpp.sim;

import energy.vgf.ocpp.rpc.CallHandler;
import energy.vgf.ocpp.rpc.FrameCodec;
import energy.vgf.ocpp.rpc.JettyTransport;
import energy.vgf.ocpp.rpc.OcppVersion;
import energy.vgf.ocpp.rpc.RpcEndpoint;
import energy.vgf.ocpp.rpc.RpcErrorCode;
import energy.vgf.ocpp.rpc.RpcException;
import energy.vgf.ocpp.validation.OcppSchemaValidator;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A simulated OCPP charge point (1.6J, 2.0.1, 2.1): boots, reports status, runs transactions for plugged-in
 * vehicles whose energy follows the installed charging profiles, sends meter values every
 * {@link SimulatorConfig#meterInterval()}, answers the central system's smart-charging and remote-control CALLs,
 * and reconnects with exponential backoff. It validates everything the central system sends against the official
 * schemas, so tests against it also check the central system's conformance.
 */
public final class ChargePointSimulator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ChargePointSimulator.class);
  private static final AtomicInteger TX_IDS = new AtomicInteger();
  /** Transaction-related messages kept while unanswered; beyond it the oldest meter report is dropped. */
  public static final int MAX_QUEUED_TRANSACTION_MESSAGES = 1_000;
  // OCPP 1.6 TransactionMessageAttempts / 2.0.1 OCPPCommCtrlr.MessageAttempts: how often a message the central
  // system answered with a CALLERROR is sent before it is dropped; and the pause before each retry.
  private static final int TRANSACTION_MESSAGE_ATTEMPTS = 3;
  private static final long TRANSACTION_MESSAGE_RETRY_MS = 1_000;

  private final SimulatorConfig config;
  private final WebSocketClient client;
  private final ScheduledExecutorService scheduler;
  private final OcppSchemaValidator validator = OcppSchemaValidator.shared();
  private final ProfileStore profiles = new ProfileStore();
  private final Map<Integer, SimConnector> connectors = new ConcurrentHashMap<>();
  private final List<ReceivedCall> received = new CopyOnWriteArrayList<>();
  private final List<Consumer<ReceivedCall>> callListeners = new CopyOnWriteArrayList<>();
  private final Object lock = new Object();

  private volatile boolean running;
  private volatile Session session;
  private volatile RpcEndpoint endpoint;
  private volatile String bootStatus;
  private volatile boolean everBooted;
  private volatile int heartbeatIntervalS = 300;
  private volatile int connectionCount;
  private volatile int lastUpgradeStatus;
  private Duration backoff;
  private ScheduledFuture<?> ticker;
  private ScheduledFuture<?> heartbeat;
  private Instant lastTick = Instant.now();
  /** Simulated time that drives the vehicle's energy instead of wall clock x time scale; null: the wall clock. */
  private volatile java.util.function.LongSupplier physicsClockMillis;
  private long lastPhysicsMillis;
  private Instant lastMeter = Instant.now();

  // OCPP 1.6 §4.7 / 2.0.1 E04: transaction-related messages are queued while offline and sent in order, one at a
  // time, each removed only once the central system answered it.
  private final ArrayDeque<Queued> outbox = new ArrayDeque<>();
  private boolean outboxBusy;
  private final AtomicLong droppedTransactionMessages = new AtomicLong();

  private static final class Queued {
    final String action;
    boolean isMeterReport() {
      return action.equals("MeterValues") || (action.equals("TransactionEvent")
          && "Updated".equals(payload.path("eventType").asString()));
    }

    final ObjectNode payload;
    final CompletableFuture<ObjectNode> answered = new CompletableFuture<>();
    int errors;

    Queued(String action, ObjectNode payload) {
      this.action = action;
      this.payload = payload;
    }
  }

  /** A CALL the central system sent to this charger, as received. */
  public record ReceivedCall(String action, ObjectNode payload, Instant receivedAt) {}

  public ChargePointSimulator(SimulatorConfig config, WebSocketClient client, ScheduledExecutorService scheduler) {
    this.config = config;
    this.client = client;
    this.scheduler = scheduler;
    this.backoff = config.reconnectMin();
    for (int i = 1; i <= config.connectors(); i++) {
      connectors.put(i, new SimConnector(i));
    }
  }

  public SimulatorConfig config() {
    return config;
  }

  // ------------------------------------------------------------------ lifecycle

  /**
   * The wall-clock period of the vehicle physics: about one simulated minute, within [100 ms, 1 s]. Real
   * time ticks every second; an accelerated run ticks faster so that one tick stays a minute or a few
   * (at 1,800x, 3 simulated minutes instead of 30), which keeps charging power resolved finer than a
   * dispatch interval.
   */
  public static long tickMillis(double timeScale) {
    return Math.max(100, Math.min(1000, Math.round(60_000 / timeScale)));
  }

  /**
   * Lets {@code simulatedMillis} (a monotonic simulated clock, in ms) drive the vehicle's energy instead of the
   * wall clock x {@link SimulatorConfig#timeScale()}: a digital twin whose simulated time may slow down when it
   * cannot keep up keeps the chargers' energy in step with its vehicles. Call before {@link #start()}.
   */
  public void drivePhysicsBy(java.util.function.LongSupplier simulatedMillis) {
    synchronized (lock) {
      this.physicsClockMillis = simulatedMillis;
      this.lastPhysicsMillis = simulatedMillis.getAsLong();
    }
  }

  /** Connects (and keeps reconnecting) until {@link #close()}. */
  public void start() {
    running = true;
    synchronized (lock) {
      lastTick = Instant.now();
      long tickMs = tickMillis(config.timeScale());
      ticker = scheduler.scheduleAtFixedRate(this::tick, tickMs, tickMs, TimeUnit.MILLISECONDS);
    }
    connect();
  }

  @Override
  public void close() {
    running = false;
    synchronized (lock) {
      if (ticker != null) {
        ticker.cancel(false);
      }
      if (heartbeat != null) {
        heartbeat.cancel(false);
      }
    }
    Session s = session;
    if (s != null && s.isOpen()) {
      s.close(1000, "simulator stopped", org.eclipse.jetty.websocket.api.Callback.NOOP);
    }
  }

  /** Drops the TCP connection without a close handshake, as a network failure would; reconnects afterwards. */
  public void dropConnection() {
    Session s = session;
    if (s != null) {
      s.disconnect();
    }
  }

  private void connect() {
    if (!running) {
      return;
    }
    String id = URLEncoder.encode(config.chargerId(), StandardCharsets.UTF_8).replace("+", "%20");
    URI uri = URI.create(config.centralSystemUri().toString() + "/" + id);
    ClientUpgradeRequest request = new ClientUpgradeRequest();
    request.setSubProtocols(config.version().subprotocol());
    if (config.password() != null) {
      String token = Base64.getEncoder().encodeToString(
          (config.chargerId() + ":" + config.password()).getBytes(StandardCharsets.UTF_8));
      request.setHeader("Authorization", "Basic " + token);
    }
    try {
      client.connect(new Listener(), uri, request, new org.eclipse.jetty.websocket.client.JettyUpgradeListener() {
        @Override
        public void onHandshakeResponse(org.eclipse.jetty.client.Request req, org.eclipse.jetty.client.Response res) {
          lastUpgradeStatus = res.getStatus();
        }
      }).whenComplete((s, failure) -> {
        if (failure != null) {
          int status = upgradeStatusOf(failure);
          if (status > 0) {
            lastUpgradeStatus = status;
          }
          LOG.debug("{}: connect failed: {}", config.chargerId(), failure.toString());
          scheduleReconnect();
        }
      });
    } catch (Exception e) {
      LOG.debug("{}: connect failed: {}", config.chargerId(), e.toString());
      scheduleReconnect();
    }
  }

  /**
   * The HTTP status of a refused upgrade. Jetty's client reports some refusals (a 401 without a
   * WWW-Authenticate challenge, as under security profile 3) only through the failure, never through
   * the handshake listener.
   */
  static int upgradeStatusOf(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof org.eclipse.jetty.websocket.api.exceptions.UpgradeException upgrade
          && upgrade.getResponseStatusCode() > 0) {
        return upgrade.getResponseStatusCode();
      }
      if (t instanceof org.eclipse.jetty.client.HttpResponseException http && http.getResponse() != null) {
        return http.getResponse().getStatus();
      }
    }
    return -1;
  }

  private void scheduleReconnect() {
    if (!running) {
      return;
    }
    Duration delay;
    synchronized (lock) {
      delay = backoff;
      long next = Math.min(backoff.toMillis() * 2, config.reconnectMax().toMillis());
      backoff = Duration.ofMillis(next);
    }
    // Jitter spreads a fleet's reconnects after an outage of the central system.
    long jittered = delay.toMillis() / 2 + ThreadLocalRandom.current().nextLong(delay.toMillis() / 2 + 1);
    scheduler.schedule(this::connect, jittered, TimeUnit.MILLISECONDS);
  }

  public final class Listener implements Session.Listener.AutoDemanding {
    @Override
    public void onWebSocketOpen(Session s) {
      session = s;
      connectionCount++;
      RpcEndpoint ep = new RpcEndpoint(config.chargerId(), config.version(), new JettyTransport(s), config.rpc(),
          validator, ChargePointSimulator.this::handle);
      endpoint = ep;
      synchronized (lock) {
        backoff = config.reconnectMin();
      }
      LOG.debug("{}: connected ({})", config.chargerId(), config.version().subprotocol());
      if (!everBooted || !"Accepted".equals(bootStatus)) {
        boot(ep);
      } else {
        pumpOutbox();
      }
    }

    @Override
    public void onWebSocketText(String text) {
      RpcEndpoint ep = endpoint;
      if (ep != null) {
        ep.onText(text);
      }
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
      closed();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
      LOG.debug("{}: websocket error {}", config.chargerId(), cause.toString());
    }

    private boolean done;

    private void closed() {
      if (done) {
        return;
      }
      done = true;
      RpcEndpoint ep = endpoint;
      if (ep != null) {
        ep.onClosed();
      }
      session = null;
      scheduleReconnect();
    }
  }

  // ------------------------------------------------------------------ charger -> central system

  private void boot(RpcEndpoint ep) {
    ObjectNode req = FrameCodec.newObject();
    if (config.version() == OcppVersion.V16) {
      req.put("chargePointVendor", "VGF").put("chargePointModel", "SimCharger");
    } else {
      req.put("reason", "PowerUp");
      req.putObject("chargingStation").put("model", "SimCharger").put("vendorName", "VGF");
    }
    ep.call("BootNotification", req).whenComplete((res, failure) -> {
      if (failure != null) {
        LOG.debug("{}: BootNotification failed: {}", config.chargerId(), failure.toString());
        return;
      }
      bootStatus = res.get("status").asString();
      heartbeatIntervalS = Math.max(1, res.get("interval").asInt());
      if ("Accepted".equals(bootStatus)) {
        everBooted = true;
        synchronized (lock) {
          if (heartbeat != null) {
            heartbeat.cancel(false);
          }
          heartbeat = scheduler.scheduleAtFixedRate(this::sendHeartbeat, heartbeatIntervalS, heartbeatIntervalS,
              TimeUnit.SECONDS);
        }
        for (SimConnector c : connectors.values()) {
          sendStatus(c);
        }
        pumpOutbox();
      } else {
        // OCPP 1.6 §4.2 / 2.0.1 B02/B03: retry the BootNotification after the interval given.
        scheduler.schedule(() -> {
          if (ep == endpoint && !ep.isClosed()) {
            boot(ep);
          }
        }, heartbeatIntervalS, TimeUnit.SECONDS);
      }
    });
  }

  private void sendHeartbeat() {
    RpcEndpoint ep = endpoint;
    if (ep != null && !ep.isClosed()) {
      ep.call("Heartbeat", FrameCodec.newObject());
    }
  }

  private void sendStatus(SimConnector c) {
    RpcEndpoint ep = endpoint;
    if (ep == null || ep.isClosed()) {
      return;
    }
    ObjectNode req = FrameCodec.newObject();
    String status;
    synchronized (lock) {
      status = c.status;
    }
    if (config.version() == OcppVersion.V16) {
      req.put("connectorId", c.id).put("errorCode", "NoError").put("status", status).put("timestamp", now());
    } else {
      // 2.x reports only the connector's physical state; charging progress goes into TransactionEvent.
      String s2 = status.equals("Available") ? "Available" : "Occupied";
      req.put("timestamp", now()).put("connectorStatus", s2).put("evseId", c.id).put("connectorId", 1);
    }
    ep.call("StatusNotification", req);
  }

  /** Plugs a vehicle into a connector and starts a transaction authorised by the vehicle id. */
  public CompletableFuture<String> plugIn(int connectorId, SimVehicle vehicle) {
    SimConnector c = connector(connectorId);
    synchronized (lock) {
      c.vehicle = vehicle;
      c.socPct = vehicle.initialSocPct();
      c.status = "Preparing";
    }
    sendStatus(c);
    if (config.version().is2x()) {
      sendChargingNeeds(c);
    }
    return startTransaction(c, vehicle.vehicleId());
  }

  /** Ends the transaction (if any) and unplugs the vehicle. */
  public CompletableFuture<Void> plugOut(int connectorId) {
    SimConnector c = connector(connectorId);
    CompletableFuture<Void> stop = stopTransaction(c, "EVDisconnected");
    return stop.whenComplete((v, e) -> {
      synchronized (lock) {
        c.vehicle = null;
        c.status = "Available";
      }
      sendStatus(c);
    });
  }

  private CompletableFuture<String> startTransaction(SimConnector c, String idTag) {
    RpcEndpoint ep = endpoint;
    if (ep == null || ep.isClosed()) {
      return CompletableFuture.failedFuture(new IllegalStateException(config.chargerId() + " is not connected"));
    }
    Instant start = Instant.now();
    if (config.version() == OcppVersion.V16) {
      ObjectNode req = FrameCodec.newObject();
      synchronized (lock) {
        req.put("connectorId", c.id).put("idTag", idTag).put("meterStart", (long) c.energyImportWh)
            .put("timestamp", now());
      }
      return sendTransactionMessage("StartTransaction", req).thenApply(res -> {
        String tx = Long.toString(res.get("transactionId").asLong());
        begin(c, tx, idTag, start);
        return tx;
      });
    }
    String tx = UUID.randomUUID().toString();
    begin(c, tx, idTag, start);
    ObjectNode req = transactionEvent(c, "Started", "CablePluggedIn", "Charging", null);
    req.putObject("idToken").put("idToken", idTag).put("type", "Central");
    return sendTransactionMessage("TransactionEvent", req).thenApply(res -> tx);
  }

  private void begin(SimConnector c, String tx, String idTag, Instant start) {
    synchronized (lock) {
      c.transactionId = tx;
      c.transactionStart = start;
      c.idTag = idTag;
      c.seqNo = 0;
      c.status = "Charging";
    }
    if (config.version() == OcppVersion.V16) {
      sendStatus(c);
    }
  }

  private CompletableFuture<Void> stopTransaction(SimConnector c, String reason) {
    String tx;
    synchronized (lock) {
      tx = c.transactionId;
    }
    if (tx == null) {
      return CompletableFuture.completedFuture(null);
    }
    boolean online = isConnected();
    ObjectNode req;
    String action;
    // The stop reading and the end of metering are one step under the lock: a meter tick in between
    // would add energy that the stop message does not report.
    synchronized (lock) {
      if (config.version() == OcppVersion.V16) {
        req = FrameCodec.newObject();
        req.put("transactionId", Long.parseLong(tx)).put("meterStop", (long) c.energyImportWh)
            .put("timestamp", now()).put("reason", reason);
        action = "StopTransaction";
      } else {
        req = transactionEvent(c, "Ended",
            reason.equals("Remote") ? "RemoteStop" : "EVCommunicationLost", "Idle", reason);
        action = "TransactionEvent";
      }
      c.transactionId = null;
      c.transactionStart = null;
      c.powerW = 0;
      c.status = c.vehicle == null ? "Available" : "Finishing";
    }
    CompletableFuture<ObjectNode> call = sendTransactionMessage(action, req);
    profiles.clear(null, c.id, "TxProfile", null);
    // Offline, the stop waits in the queue; the caller does not wait for the reconnect.
    return online ? call.handle((r, e) -> null) : CompletableFuture.completedFuture(null);
  }

  private ObjectNode transactionEvent(SimConnector c, String eventType, String trigger, String chargingState,
      String stoppedReason) {
    ObjectNode req = FrameCodec.newObject();
    synchronized (lock) {
      req.put("eventType", eventType).put("timestamp", now()).put("triggerReason", trigger)
          .put("seqNo", c.seqNo++);
      ObjectNode info = req.putObject("transactionInfo").put("transactionId", c.transactionId);
      info.put("chargingState", chargingState);
      if (stoppedReason != null) {
        info.put("stoppedReason", stoppedReason);
      }
      req.putObject("evse").put("id", c.id).put("connectorId", 1);
      req.putArray("meterValue").add(meterValue2x(c));
    }
    return req;
  }

  private void sendChargingNeeds(SimConnector c) {
    RpcEndpoint ep = endpoint;
    if (ep == null) {
      return;
    }
    ObjectNode req = FrameCodec.newObject().put("evseId", c.id);
    ObjectNode needs = req.putObject("chargingNeeds");
    synchronized (lock) {
      double missingWh = (100.0 - c.socPct) / 100.0 * c.vehicle.capacityKwh() * 1000.0;
      if (config.phases() == 0) {
        needs.put("requestedEnergyTransfer", "DC");
        ObjectNode dc = needs.putObject("dcChargingParameters").put("evMaxCurrent", 200).put("evMaxVoltage", 800)
            .put("energyAmount", Math.round(missingWh)).put("stateOfCharge", (int) Math.round(c.socPct));
        dc.put("evEnergyCapacity", Math.round(c.vehicle.capacityKwh() * 1000));
      } else {
        needs.put("requestedEnergyTransfer", config.phases() == 1 ? "AC_single_phase" : "AC_three_phase");
        needs.putObject("acChargingParameters").put("energyAmount", Math.round(missingWh)).put("evMinCurrent", 6)
            .put("evMaxCurrent", 32).put("evMaxVoltage", 400);
      }
      needs.put("departureTime", Instant.now().plus(8, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString());
    }
    ep.call("NotifyEVChargingNeeds", req).whenComplete((r, e) -> {
      if (e != null) {
        LOG.debug("{}: NotifyEVChargingNeeds failed: {}", config.chargerId(), e.toString());
      }
    });
  }

  // ------------------------------------------------------------------ the vehicle's physics

  private void tick() {
    try {
      Instant now = Instant.now();
      List<SimConnector> meterDue = new ArrayList<>();
      synchronized (lock) {
        double dtH;
        java.util.function.LongSupplier physics = physicsClockMillis;
        if (physics == null) {
          dtH = Duration.between(lastTick, now).toMillis() / 3_600_000.0 * config.timeScale();
        } else {
          long simMs = physics.getAsLong();
          dtH = Math.max(0, simMs - lastPhysicsMillis) / 3_600_000.0;
          lastPhysicsMillis = simMs;
        }
        lastTick = now;
        double defaultW = config.maxPowerKw() * 1000.0;
        for (SimConnector c : connectors.values()) {
          ProfileStore.Effective eff = profiles.effective(c.id, c.transactionId, c.transactionStart, now,
              config.voltageV(), config.phases(), defaultW);
          c.limitW = Math.min(eff.limitW(), defaultW);
          if (c.transactionId == null || c.vehicle == null) {
            c.powerW = 0;
            continue;
          }
          double p;
          if (eff.setpointW() != null && eff.setpointW() < 0 && config.bidirectional()) {
            // 2.1 CentralSetpoint: follow the (negative) setpoint, bounded by the vehicle's discharge power.
            p = Math.max(eff.setpointW(), -c.vehicle.maxDischargeKw() * 1000.0);
            if (c.socPct <= 10.0) {
              p = 0; // keep a reserve, as vehicles do
            }
          } else {
            double target = eff.setpointW() != null ? Math.min(eff.setpointW(), c.limitW) : c.limitW;
            p = Math.max(0, Math.min(target, c.vehicle.acceptedChargeKw(c.socPct) * 1000.0));
          }
          c.powerW = p;
          double eWh = p * dtH;
          if (eWh >= 0) {
            c.energyImportWh += eWh;
          } else {
            c.energyExportWh += -eWh;
          }
          c.socPct = Math.max(0, Math.min(100, c.socPct + eWh / 1000.0 / c.vehicle.capacityKwh() * 100.0));
          c.status = p > 0 || eff.setpointW() != null ? "Charging" : "SuspendedEVSE";
        }
        if (Duration.between(lastMeter, now).compareTo(config.meterInterval()) >= 0) {
          lastMeter = now;
          for (SimConnector c : connectors.values()) {
            if (c.transactionId != null) {
              meterDue.add(c);
            }
          }
        }
      }
      for (SimConnector c : meterDue) {
        sendMeterValues(c);
      }
    } catch (RuntimeException e) {
      LOG.error("{}: simulation tick failed", config.chargerId(), e);
    }
  }

  /** Sends the connector's meter values now (also done every meter interval). */
  public void sendMeterValues(int connectorId) {
    sendMeterValues(connector(connectorId));
  }

  private void sendMeterValues(SimConnector c) {
    RpcEndpoint ep = endpoint;
    boolean inTransaction;
    synchronized (lock) {
      inTransaction = c.transactionId != null;
    }
    if (!inTransaction && (ep == null || ep.isClosed())) {
      return; // readings outside a transaction are not transaction-related: not kept while offline
    }
    if (config.version() == OcppVersion.V16) {
      ObjectNode req = FrameCodec.newObject();
      synchronized (lock) {
        req.put("connectorId", c.id);
        if (c.transactionId != null) {
          req.put("transactionId", Long.parseLong(c.transactionId));
        }
        ObjectNode mv = req.putArray("meterValue").addObject().put("timestamp", now());
        ArrayNode sv = mv.putArray("sampledValue");
        sample16(sv, c.energyImportWh, "Energy.Active.Import.Register", "Wh", null);
        sample16(sv, Math.max(c.powerW, 0), "Power.Active.Import", "W", null);
        if (config.bidirectional()) {
          sample16(sv, c.energyExportWh, "Energy.Active.Export.Register", "Wh", null);
          sample16(sv, Math.max(-c.powerW, 0), "Power.Active.Export", "W", null);
        }
        if (config.phases() > 0) {
          sample16(sv, Math.abs(c.powerW) / (config.voltageV() * config.phases()), "Current.Import", "A", null);
          sample16(sv, config.voltageV(), "Voltage", "V", null);
        }
        if (c.vehicle != null) {
          sample16(sv, c.socPct, "SoC", "Percent", "EV");
        }
      }
      if (req.has("transactionId")) {
        sendTransactionMessage("MeterValues", req);
      } else {
        ep.call("MeterValues", req);
      }
    } else {
      sendTransactionMessage("TransactionEvent", transactionEvent(c, "Updated", "MeterValuePeriodic", "Charging",
          null));
    }
  }

  // ------------------------------------------------------------------ offline queue

  /**
   * Queues a transaction-related message; it is sent when it is first in the queue and the charger is connected
   * and booted, and the future completes with the central system's answer. A CALLERROR answer is retried up to
   * {@link #TRANSACTION_MESSAGE_ATTEMPTS} times; a lost connection or a timeout keeps the message for the next try.
   */
  private CompletableFuture<ObjectNode> sendTransactionMessage(String action, ObjectNode payload) {
    Queued q = new Queued(action, payload);
    Queued dropped = null;
    synchronized (outbox) {
      if (outbox.size() >= MAX_QUEUED_TRANSACTION_MESSAGES) {
        // Keep starts and stops, which carry the billing; give up the oldest periodic reading instead.
        dropped = outbox.stream().skip(outboxBusy ? 1 : 0).filter(Queued::isMeterReport).findFirst().orElse(null);
        if (dropped == null) {
          dropped = q;
        } else {
          outbox.remove(dropped);
        }
      }
      if (dropped != q) {
        outbox.add(q);
      }
    }
    if (dropped != null) {
      droppedTransactionMessages.incrementAndGet();
      LOG.warn("{}: offline queue full ({} messages); dropped a {}", config.chargerId(),
          MAX_QUEUED_TRANSACTION_MESSAGES, dropped.action);
      dropped.answered.completeExceptionally(new IllegalStateException("offline queue full"));
    }
    pumpOutbox();
    return q.answered;
  }

  private void pumpOutbox() {
    RpcEndpoint ep = endpoint;
    Queued head;
    synchronized (outbox) {
      if (outboxBusy || outbox.isEmpty() || ep == null || ep.isClosed() || !"Accepted".equals(bootStatus)) {
        return;
      }
      head = outbox.peek();
      outboxBusy = true;
    }
    ep.call(head.action, head.payload).whenComplete((res, e) -> {
      Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
          ? e.getCause() : e;
      boolean done;
      synchronized (outbox) {
        outboxBusy = false;
        // Only an answer counts; a CALLERROR is an answer too, but the message is retried a few times first.
        done = e == null || (cause instanceof RpcException && ++head.errors >= TRANSACTION_MESSAGE_ATTEMPTS);
        if (done) {
          outbox.remove(head);
        }
      }
      if (e == null) {
        head.answered.complete(res);
      } else if (done) {
        droppedTransactionMessages.incrementAndGet();
        LOG.warn("{}: {} refused {} times, dropped: {}", config.chargerId(), head.action, head.errors,
            cause.toString());
        head.answered.completeExceptionally(cause);
      }
      if (e == null || done) {
        pumpOutbox();
      } else if (running) {
        // Timed out or refused: try again after a pause; a closed connection is pumped again on reconnect.
        scheduler.schedule(this::pumpOutbox, TRANSACTION_MESSAGE_RETRY_MS, TimeUnit.MILLISECONDS);
      }
    });
  }

  /** Transaction-related messages not yet answered by the central system (including one in flight). */
  public int queuedTransactionMessages() {
    synchronized (outbox) {
      return outbox.size();
    }
  }

  /** Transaction-related messages given up: the queue was full, or the central system kept refusing them. */
  public long droppedTransactionMessages() {
    return droppedTransactionMessages.get();
  }

  private static void sample16(ArrayNode sv, double value, String measurand, String unit, String location) {
    ObjectNode s = sv.addObject().put("value", String.format(java.util.Locale.ROOT, "%.1f", value))
        .put("context", "Sample.Periodic").put("measurand", measurand).put("unit", unit);
    if (location != null) {
      s.put("location", location);
    }
  }

  private ObjectNode meterValue2x(SimConnector c) {
    ObjectNode mv = FrameCodec.newObject().put("timestamp", now());
    ArrayNode sv = mv.putArray("sampledValue");
    sample2x(sv, c.energyImportWh, "Energy.Active.Import.Register", "Wh", null);
    sample2x(sv, c.powerW, "Power.Active.Import", "W", null);
    if (config.bidirectional()) {
      sample2x(sv, c.energyExportWh, "Energy.Active.Export.Register", "Wh", null);
    }
    if (config.phases() > 0) {
      sample2x(sv, Math.abs(c.powerW) / (config.voltageV() * config.phases()), "Current.Import", "A", null);
    }
    if (c.vehicle != null) {
      sample2x(sv, c.socPct, "SoC", "Percent", "EV");
    }
    return mv;
  }

  private static void sample2x(ArrayNode sv, double value, String measurand, String unit, String location) {
    ObjectNode s = sv.addObject().put("value", Math.round(value * 10.0) / 10.0).put("measurand", measurand)
        .put("context", "Sample.Periodic");
    s.putObject("unitOfMeasure").put("unit", unit);
    if (location != null) {
      s.put("location", location);
    }
  }

  // ------------------------------------------------------------------ central system -> charger

  private ObjectNode handle(CallHandler.IncomingCall call) {
    ReceivedCall rc = new ReceivedCall(call.action(), call.payload(), Instant.now());
    received.add(rc);
    for (Consumer<ReceivedCall> l : callListeners) {
      l.accept(rc);
    }
    ObjectNode p = call.payload();
    return switch (call.action()) {
      case "SetChargingProfile" -> setChargingProfile(p);
      case "ClearChargingProfile" -> clearChargingProfile(p);
      case "GetCompositeSchedule" -> compositeSchedule(p);
      case "GetConfiguration" -> getConfiguration(p);
      case "ChangeConfiguration" -> status("Accepted");
      case "GetVariables" -> getVariables(p);
      case "RemoteStartTransaction", "RequestStartTransaction" -> remoteStart(call, p);
      case "RemoteStopTransaction", "RequestStopTransaction" -> remoteStop(call, p);
      default -> throw new RpcException(RpcErrorCode.NOT_SUPPORTED, call.action() + " is not supported by the simulator");
    };
  }

  private static ObjectNode status(String status) {
    return FrameCodec.newObject().put("status", status);
  }

  private ObjectNode setChargingProfile(ObjectNode p) {
    boolean v16 = config.version() == OcppVersion.V16;
    int connectorId = p.get(v16 ? "connectorId" : "evseId").asInt();
    ObjectNode profile = (ObjectNode) p.get(v16 ? "csChargingProfiles" : "chargingProfile");
    ProfileStore.Installed installed = ProfileStore.parse(config.version(), connectorId, profile);
    if (!config.rateUnits().contains(installed.rateUnit())) {
      return status("Rejected");
    }
    if (installed.purpose().equals("TxProfile")) {
      // OCPP 1.6 §5.16.3: a TxProfile without an active transaction on the connector is Rejected;
      // 2.0.1 K01.FR.09: and its transactionId must match the running transaction.
      SimConnector c = connectors.get(connectorId);
      synchronized (lock) {
        if (c == null || c.transactionId == null
            || (installed.transactionId() != null && !installed.transactionId().equals(c.transactionId))) {
          return status("Rejected");
        }
      }
    }
    boolean discharge = installed.periods().stream()
        .anyMatch(x -> x.setpoint() != null && x.setpoint() < 0 || x.limit() != null && x.limit() < 0);
    if (discharge && !config.bidirectional()) {
      return status("Rejected");
    }
    profiles.install(installed);
    tick();
    return status("Accepted");
  }

  private ObjectNode clearChargingProfile(ObjectNode p) {
    int removed;
    if (config.version() == OcppVersion.V16) {
      removed = profiles.clear(p.has("id") ? p.get("id").asInt() : null,
          p.has("connectorId") ? p.get("connectorId").asInt() : null,
          p.has("chargingProfilePurpose") ? p.get("chargingProfilePurpose").asString() : null,
          p.has("stackLevel") ? p.get("stackLevel").asInt() : null);
    } else {
      JsonNode crit = p.get("chargingProfileCriteria");
      removed = profiles.clear(p.has("chargingProfileId") ? p.get("chargingProfileId").asInt() : null,
          crit != null && crit.has("evseId") ? crit.get("evseId").asInt() : null,
          crit != null && crit.has("chargingProfilePurpose") ? crit.get("chargingProfilePurpose").asString() : null,
          crit != null && crit.has("stackLevel") ? crit.get("stackLevel").asInt() : null);
    }
    tick();
    return status(removed > 0 ? "Accepted" : "Unknown");
  }

  private ObjectNode compositeSchedule(ObjectNode p) {
    boolean v16 = config.version() == OcppVersion.V16;
    int connectorId = p.get(v16 ? "connectorId" : "evseId").asInt();
    int duration = p.get("duration").asInt();
    String unit = p.has("chargingRateUnit") ? p.get("chargingRateUnit").asString() : "W";
    double limitW;
    synchronized (lock) {
      SimConnector c = connectors.get(connectorId == 0 ? 1 : connectorId);
      if (c == null) {
        return status("Rejected");
      }
      limitW = c.limitW;
    }
    double limit = unit.equals("A") ? limitW / (config.voltageV() * Math.max(1, config.phases())) : limitW;
    ObjectNode res = status("Accepted");
    ObjectNode schedule;
    if (v16) {
      res.put("connectorId", connectorId).put("scheduleStart", now());
      schedule = res.putObject("chargingSchedule").put("duration", duration).put("chargingRateUnit", unit);
    } else {
      schedule = res.putObject("schedule").put("evseId", connectorId).put("duration", duration)
          .put("scheduleStart", now()).put("chargingRateUnit", unit);
    }
    schedule.putArray("chargingSchedulePeriod").addObject().put("startPeriod", 0)
        .put("limit", Math.round(limit * 10.0) / 10.0);
    return res;
  }

  private ObjectNode getConfiguration(ObjectNode p) {
    Map<String, String> values = Map.of(
        // OCPP 1.6 §9.4 smart-charging keys: which units the charger accepts in schedules.
        "ChargingScheduleAllowedChargingRateUnit",
        String.join(",", config.rateUnits().stream().map(u -> u.equals("W") ? "Power" : "Current").toList()),
        "HeartbeatInterval", Integer.toString(heartbeatIntervalS),
        "MeterValueSampleInterval", Long.toString(config.meterInterval().toSeconds()),
        "NumberOfConnectors", Integer.toString(config.connectors()));
    ObjectNode res = FrameCodec.newObject();
    ArrayNode known = res.putArray("configurationKey");
    ArrayNode unknown = FrameCodec.MAPPER.createArrayNode();
    List<String> keys = new ArrayList<>();
    if (p.has("key")) {
      p.get("key").forEach(k -> keys.add(k.asString()));
    } else {
      keys.addAll(values.keySet());
    }
    for (String k : keys) {
      if (values.containsKey(k)) {
        known.addObject().put("key", k).put("readonly", true).put("value", values.get(k));
      } else {
        unknown.add(k);
      }
    }
    if (!unknown.isEmpty()) {
      res.set("unknownKey", unknown);
    }
    return res;
  }

  private ObjectNode getVariables(ObjectNode p) {
    ObjectNode res = FrameCodec.newObject();
    ArrayNode results = res.putArray("getVariableResult");
    for (JsonNode d : p.get("getVariableData")) {
      String component = d.get("component").get("name").asString();
      String variable = d.get("variable").get("name").asString();
      ObjectNode r = results.addObject();
      r.set("component", d.get("component").deepCopy());
      r.set("variable", d.get("variable").deepCopy());
      // OCPP 2.0.1 device model: SmartChargingCtrlr.RateUnit lists the units the station accepts.
      if (component.equals("SmartChargingCtrlr") && variable.equals("RateUnit")) {
        r.put("attributeStatus", "Accepted").put("attributeValue", String.join(",", config.rateUnits()));
      } else if (component.equals("SmartChargingCtrlr") && variable.equals("Available")) {
        r.put("attributeStatus", "Accepted").put("attributeValue", "true");
      } else {
        r.put("attributeStatus", "UnknownVariable");
      }
    }
    return res;
  }

  private ObjectNode remoteStart(CallHandler.IncomingCall call, ObjectNode p) {
    boolean v16 = config.version() == OcppVersion.V16;
    int connectorId = v16 ? (p.has("connectorId") ? p.get("connectorId").asInt() : 1)
        : (p.has("evseId") ? p.get("evseId").asInt() : 1);
    String idTag = v16 ? p.get("idTag").asString() : p.get("idToken").get("idToken").asString();
    SimConnector c = connectors.get(connectorId);
    synchronized (lock) {
      if (c == null || c.transactionId != null || c.vehicle == null) {
        return status("Rejected");
      }
    }
    call.afterReply(() -> startTransaction(c, idTag));
    return status("Accepted");
  }

  private ObjectNode remoteStop(CallHandler.IncomingCall call, ObjectNode p) {
    String tx = p.get("transactionId").asString();
    for (SimConnector c : connectors.values()) {
      synchronized (lock) {
        if (tx.equals(c.transactionId)) {
          call.afterReply(() -> stopTransaction(c, "Remote"));
          return status("Accepted");
        }
      }
    }
    return status("Rejected");
  }

  // ------------------------------------------------------------------ for tests and tools

  /** Sends a CALL of the test's choosing. */
  public CompletableFuture<ObjectNode> call(String action, ObjectNode payload) {
    RpcEndpoint ep = endpoint;
    if (ep == null) {
      return CompletableFuture.failedFuture(new IllegalStateException(config.chargerId() + " is not connected"));
    }
    return ep.call(action, payload);
  }

  /** Sends a raw text frame, bypassing all framing: for tests of the central system's robustness. */
  public void sendRaw(String text) {
    Session s = session;
    if (s == null) {
      throw new IllegalStateException(config.chargerId() + " is not connected");
    }
    s.sendText(text, org.eclipse.jetty.websocket.api.Callback.NOOP);
  }

  public void onCall(Consumer<ReceivedCall> listener) {
    callListeners.add(listener);
  }

  public List<ReceivedCall> receivedCalls() {
    return List.copyOf(received);
  }

  public List<ReceivedCall> receivedCalls(String action) {
    return received.stream().filter(c -> c.action().equals(action)).toList();
  }

  public SimConnector.Snapshot connectorState(int connectorId) {
    synchronized (lock) {
      return connector(connectorId).snapshot();
    }
  }

  public List<ProfileStore.Installed> installedProfiles() {
    return profiles.all();
  }

  public boolean isConnected() {
    Session s = session;
    return s != null && s.isOpen();
  }

  public String bootStatus() {
    return bootStatus;
  }

  public int connectionCount() {
    return connectionCount;
  }

  /** HTTP status of the last upgrade response (101 on success, 401 when refused). */
  public int lastUpgradeStatus() {
    return lastUpgradeStatus;
  }

  private SimConnector connector(int id) {
    SimConnector c = connectors.get(id);
    if (c == null) {
      throw new IllegalArgumentException(config.chargerId() + " has no connector " + id);
    }
    return c;
  }

  private static String now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
  }
}
