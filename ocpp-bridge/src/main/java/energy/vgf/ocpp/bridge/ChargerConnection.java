package energy.vgf.ocpp.bridge;

import energy.vgf.charging.ChargerMeterValue;
import energy.vgf.charging.ChargerStatus;
import energy.vgf.charging.ChargingSession;
import energy.vgf.charging.SessionEvent;
import energy.vgf.dispatch.AckStatus;
import energy.vgf.dispatch.DispatchAck;
import energy.vgf.dispatch.DispatchSetpoint;
import energy.vgf.dispatch.SetpointReason;
import energy.vgf.dispatch.SetpointStep;
import energy.vgf.ocpp.profile.ChargerCapabilities;
import energy.vgf.ocpp.profile.ChargingProfileMapper;
import energy.vgf.ocpp.profile.MappedProfile;
import energy.vgf.ocpp.profile.PowerStep;
import energy.vgf.ocpp.rpc.CallHandler;
import energy.vgf.ocpp.rpc.CallTimeoutException;
import energy.vgf.ocpp.rpc.FrameCodec;
import energy.vgf.ocpp.rpc.JettyTransport;
import energy.vgf.ocpp.rpc.OcppVersion;
import energy.vgf.ocpp.rpc.RpcEndpoint;
import energy.vgf.ocpp.rpc.RpcErrorCode;
import energy.vgf.ocpp.rpc.RpcException;
import energy.vgf.ocpp.security.EnrolledCharger;
import energy.vgf.ocpp.session.MeterSample;
import energy.vgf.ocpp.session.MeterValueParser;
import energy.vgf.ocpp.session.StatusMapper;
import energy.vgf.ocpp.validation.OcppSchemaValidator;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One charger's WebSocket connection to the bridge: answers its CALLs, publishes what it reports, and delivers
 * the platform's setpoints as charging profiles.
 */
public final class ChargerConnection implements Session.Listener.AutoDemanding {
  private static final Logger LOG = LoggerFactory.getLogger(ChargerConnection.class);
  /** Setpoint ids of the bridge's own interim profiles (a new session's spare power), never acknowledged. */
  private static final String INTERIM_PREFIX = "bridge-interim-";
  private static final int INTERIM_RETRIES = 3;
  private static final long INTERIM_RETRY_MS = 100;

  private final OcppBridge bridge;
  private final String chargerId;
  private final OcppVersion version;
  private final EnrolledCharger enrollment;
  private volatile RpcEndpoint endpoint;
  private volatile DeferringTransport transport;
  private volatile Session session;
  private final Map<Integer, Transaction> transactions = new ConcurrentHashMap<>();
  private final Map<Integer, Double> lastSocPct = new ConcurrentHashMap<>();
  private final Map<Integer, Integer> interimAttempts = new ConcurrentHashMap<>();
  private final AtomicBoolean setupStarted = new AtomicBoolean();
  private volatile boolean ready;
  private volatile boolean bootRejected;
  private volatile ChargerCapabilities capabilities;

  // What the CALL being handled published and what must follow its answer; touched only on the reader thread, which
  // handles one CALL at a time.
  private java.util.List<CompletableFuture<Void>> stores;
  private java.util.List<Runnable> afterAnswer;

  // Latest-wins delivery: at most one setpoint in flight per charger, and only the newest one waits behind it.
  private final Object deliveryLock = new Object();
  private boolean delivering;
  private DispatchSetpoint waiting;

  /** A running transaction as the bridge tracks it. */
  private record Transaction(String transactionId, int connectorId, Instant startedAt, double importStartKwh,
      double exportStartKwh, String idTag, double importKwh, double exportKwh, Instant lastSampleAt) {
    Transaction withMeter(Double imp, Double exp, Instant at) {
      return new Transaction(transactionId, connectorId, startedAt, importStartKwh, exportStartKwh, idTag,
          imp != null ? imp : importKwh, exp != null ? exp : exportKwh, at);
    }
  }

  ChargerConnection(OcppBridge bridge, String chargerId, OcppVersion version, EnrolledCharger enrollment) {
    this.bridge = bridge;
    this.chargerId = chargerId;
    this.version = version;
    this.enrollment = enrollment;
  }

  String chargerId() {
    return chargerId;
  }

  OcppVersion version() {
    return version;
  }

  boolean isReady() {
    return ready;
  }

  RpcEndpoint endpoint() {
    return endpoint;
  }

  // ------------------------------------------------------------------ WebSocket

  @Override
  public void onWebSocketOpen(Session s) {
    session = s;
    transport = new DeferringTransport(new JettyTransport(s), version, chargerId, bridge.deliveryExecutor());
    endpoint = new RpcEndpoint(chargerId, version, transport, bridge.config().rpc(),
        OcppSchemaValidator.shared(), this::handle);
    bridge.registerConnection(this);
    // A charger that only lost its connection does not send a new BootNotification (it did not reboot): configure
    // it after a grace period unless a BootNotification arrives first.
    bridge.scheduler().schedule(() -> {
      if (!bootRejected) {
        startSetup();
      }
    }, bridge.config().bootGrace().toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void onWebSocketText(String text) {
    endpoint.onText(text);
  }

  @Override
  public void onWebSocketClose(int statusCode, String reason) {
    RpcEndpoint ep = endpoint;
    if (ep != null) {
      ep.onClosed();
    }
    bridge.unregisterConnection(this);
    LOG.debug("{}: closed {} {}", chargerId, statusCode, reason);
  }

  @Override
  public void onWebSocketError(Throwable cause) {
    LOG.debug("{}: websocket error {}", chargerId, cause.toString());
  }

  void close(int code, String reason) {
    Session s = session;
    if (s != null) {
      s.close(code, reason, org.eclipse.jetty.websocket.api.Callback.NOOP);
    }
  }

  // ------------------------------------------------------------------ charger -> platform

  private ObjectNode handle(CallHandler.IncomingCall call) {
    String action = call.action();
    if (bootRejected && !action.equals("BootNotification")) {
      // OCPP 2.0.1 B02.FR.09 / B03.FR.07: until its BootNotification is accepted, a station's other messages are
      // answered with SecurityError (1.6 §4.2 also forbids them).
      throw new RpcException(RpcErrorCode.SECURITY_ERROR, "BootNotification not accepted");
    }
    if (!isTransactionRelated(action)) {
      return answer(call);
    }
    // OCPP 1.6 §4.7 / 2.0.1 E04: the charger queues a transaction-related message until it is answered, so the
    // answer waits until its records are in Kafka; a message the bridge could not store is retried, not lost.
    stores = new java.util.ArrayList<>();
    afterAnswer = new java.util.ArrayList<>();
    try {
      ObjectNode result = answer(call);
      List<Runnable> after = List.copyOf(afterAnswer);
      transport.deferReply(call.messageId(), action,
          CompletableFuture.allOf(stores.toArray(CompletableFuture[]::new)), () -> after.forEach(Runnable::run));
      return result;
    } finally {
      stores = null;
      afterAnswer = null;
    }
  }

  private static boolean isTransactionRelated(String action) {
    return switch (action) {
      case "StartTransaction", "StopTransaction", "MeterValues", "TransactionEvent" -> true;
      default -> false;
    };
  }

  private void afterAnswer(Runnable task) {
    afterAnswer.add(task);
  }

  private void stored(CompletableFuture<Void> f) {
    if (stores != null) {
      stores.add(f);
    }
  }

  private ObjectNode answer(CallHandler.IncomingCall call) {
    ObjectNode p = call.payload();
    String action = call.action();
    return switch (action) {
      case "BootNotification" -> boot(call);
      case "Heartbeat" -> FrameCodec.newObject().put("currentTime", now());
      case "StatusNotification" -> statusNotification(p);
      case "Authorize" -> authorize();
      case "StartTransaction" -> startTransaction(p);
      case "StopTransaction" -> stopTransaction(p);
      case "MeterValues" -> meterValues(p);
      case "TransactionEvent" -> transactionEvent(p);
      case "NotifyEVChargingNeeds" -> chargingNeeds(p);
      case "ReportChargingProfiles", "NotifyEvent", "NotifyReport", "SecurityEventNotification",
           "FirmwareStatusNotification", "LogStatusNotification", "DiagnosticsStatusNotification",
           "NotifyChargingLimit", "ClearedChargingLimit", "NotifyMonitoringReport", "NotifyEVChargingSchedule" -> {
        LOG.debug("{}: {} acknowledged", chargerId, action);
        yield FrameCodec.newObject();
      }
      case "DataTransfer" -> FrameCodec.newObject().put("status", "UnknownVendorId");
      default -> throw new RpcException(RpcErrorCode.NOT_SUPPORTED, action + " is not supported by this central system");
    };
  }

  private ObjectNode boot(CallHandler.IncomingCall call) {
    // Every connection is authenticated at the upgrade, so an enrolled charger is known; with security profile 0
    // enrolment is still required for a BootNotification to be accepted.
    boolean known = enrollment != null;
    bootRejected = !known;
    ObjectNode res = FrameCodec.newObject().put("currentTime", now())
        .put("interval", known ? bridge.config().heartbeatIntervalS() : 300)
        .put("status", known ? "Accepted" : "Rejected");
    if (known) {
      call.afterReply(() -> {
        setupStarted.set(false); // a reboot loses the charger's volatile state: configure it again
        bridge.powerGuard().rebooted(chargerId);
        startSetup();
      });
    } else {
      LOG.warn("{}: BootNotification from an unknown charger rejected; enrol it with `vgf chargers add`", chargerId);
    }
    return res;
  }

  private ObjectNode authorize() {
    // Depot chargers serve the fleet's own vehicles: any token is accepted and passed on as the session's idTag.
    ObjectNode res = FrameCodec.newObject();
    res.putObject(version == OcppVersion.V16 ? "idTagInfo" : "idTokenInfo").put("status", "Accepted");
    return res;
  }

  private ObjectNode statusNotification(ObjectNode p) {
    ChargerStatus.Builder b = ChargerStatus.newBuilder().setChargerId(chargerId)
        .setOcppVersion(version.subprotocol()).setSiteId(siteId());
    if (version == OcppVersion.V16) {
      String err = p.get("errorCode").asString();
      b.setConnectorId(p.get("connectorId").asInt()).setStatus(StatusMapper.map(p.get("status").asString()))
          .setTs(p.has("timestamp") ? time(p.get("timestamp")) : Instant.now())
          .setErrorCode(err.equals("NoError") ? null : err);
    } else {
      b.setConnectorId(p.get("evseId").asInt()).setStatus(StatusMapper.map(p.get("connectorStatus").asString()))
          .setTs(time(p.get("timestamp")));
    }
    bridge.sink().status(b.build());
    return FrameCodec.newObject();
  }

  private ObjectNode startTransaction(ObjectNode p) {
    int connectorId = p.get("connectorId").asInt();
    String tx = Integer.toString(bridge.nextTransactionId());
    Instant start = time(p.get("timestamp"));
    double meterStartKwh = p.get("meterStart").asLong() / 1000.0;
    String idTag = p.get("idTag").asString();
    bridge.rememberIdTag(chargerId, connectorId, idTag);
    lastSocPct.remove(connectorId); // the previous vehicle's SoC is not this one's
    transactions.put(connectorId, new Transaction(tx, connectorId, start, meterStartKwh, 0.0, idTag, meterStartKwh,
        0.0, start));
    sessionStarted(connectorId);
    publishSession(connectorId, SessionEvent.STARTED, Instant.now(), null);
    ObjectNode res = FrameCodec.newObject().put("transactionId", Integer.parseInt(tx));
    res.putObject("idTagInfo").put("status", "Accepted");
    // The charger learns the transaction id from this answer: its first profile follows right after it.
    afterAnswer(() -> firstProfile(connectorId, idTag));
    return res;
  }

  private ObjectNode stopTransaction(ObjectNode p) {
    String tx = Long.toString(p.get("transactionId").asLong());
    Transaction t = transactions.values().stream().filter(x -> x.transactionId().equals(tx)).findFirst().orElse(null);
    if (p.has("transactionData")) {
      publishMeter(t == null ? 0 : t.connectorId(), tx, MeterValueParser.parse(version, p.get("transactionData")));
    }
    if (t == null) {
      LOG.warn("{}: StopTransaction for unknown transaction {}", chargerId, tx);
    } else {
      Instant end = time(p.get("timestamp"));
      transactions.put(t.connectorId(), t.withMeter(p.get("meterStop").asLong() / 1000.0, null, end));
      publishSession(t.connectorId(), SessionEvent.ENDED, end, p.has("reason") ? p.get("reason").asString() : "Local");
      transactions.remove(t.connectorId());
      bridge.powerGuard().ended(connectorKey(t.connectorId()));
    }
    ObjectNode res = FrameCodec.newObject();
    if (p.has("idTag")) {
      res.putObject("idTagInfo").put("status", "Accepted");
    }
    return res;
  }

  private ObjectNode meterValues(ObjectNode p) {
    int connectorId = p.get("connectorId").asInt();
    String tx = p.has("transactionId") ? Long.toString(p.get("transactionId").asLong()) : null;
    List<MeterSample> samples = MeterValueParser.parse(version, p.get("meterValue"));
    Transaction known = transactions.get(connectorId);
    if (tx != null && (known == null || !known.transactionId().equals(tx))) {
      adoptTransaction(connectorId, tx, samples);
    }
    publishMeter(connectorId, tx, samples);
    if (tx != null && transactions.containsKey(connectorId)) {
      publishSession(connectorId, SessionEvent.UPDATED, Instant.now(), null);
    }
    return FrameCodec.newObject();
  }

  /**
   * A transaction this bridge did not start: the charger began it before this bridge (or this connection) existed,
   * e.g. across a bridge restart. OCPP 1.6 only names it in MeterValues, so it is adopted as running from what the
   * readings tell, and the current setpoint is sent as its TxProfile (1.6 §5.16.3: a TxProfile needs the id).
   * The vehicle is the one of the connector's last session if this bridge saw it, else unknown.
   */
  private void adoptTransaction(int connectorId, String tx, List<MeterSample> samples) {
    Instant first = samples.stream().map(MeterSample::ts).min(Instant::compareTo).orElse(Instant.now());
    Double imp = samples.stream().map(MeterSample::energyImportKwh).filter(x -> x != null).findFirst().orElse(0.0);
    Double exp = samples.stream().map(MeterSample::energyExportKwh).filter(x -> x != null).findFirst().orElse(0.0);
    LOG.info("{}: adopting running transaction {} on connector {} (not started on this bridge)", chargerId, tx,
        connectorId);
    transactions.put(connectorId, new Transaction(tx, connectorId, first, imp, exp,
        bridge.lastIdTag(chargerId, connectorId), imp, exp, first));
    sessionStarted(connectorId);
    afterAnswer(this::redeliverLatest);
  }

  private ObjectNode transactionEvent(ObjectNode p) {
    String type = p.get("eventType").asString();
    JsonNode info = p.get("transactionInfo");
    String tx = info.get("transactionId").asString();
    int evseId = p.has("evse") ? p.get("evse").get("id").asInt()
        : transactions.values().stream().filter(t -> t.transactionId().equals(tx)).map(Transaction::connectorId)
            .findFirst().orElse(0);
    Instant ts = time(p.get("timestamp"));
    var samples = MeterValueParser.parse(version, p.get("meterValue"));
    if (type.equals("Started") || !transactions.containsKey(evseId)) {
      Double imp = samples.stream().map(MeterSample::energyImportKwh).filter(x -> x != null).findFirst().orElse(0.0);
      Double exp = samples.stream().map(MeterSample::energyExportKwh).filter(x -> x != null).findFirst().orElse(0.0);
      String idTag = p.has("idToken") ? p.get("idToken").get("idToken").asString()
          : bridge.lastIdTag(chargerId, evseId);
      if (p.has("idToken")) {
        bridge.rememberIdTag(chargerId, evseId, idTag);
      }
      if (type.equals("Started")) {
        lastSocPct.remove(evseId); // the previous vehicle's SoC is not this one's (the event's own SoC follows)
      }
      transactions.put(evseId, new Transaction(tx, evseId, ts, imp, exp, idTag, imp, exp, ts));
      sessionStarted(evseId);
      publishMeter(evseId, tx, samples);
      publishSession(evseId, SessionEvent.STARTED, ts, null);
      afterAnswer(() -> firstProfile(evseId, idTag));
    } else {
      publishMeter(evseId, tx, samples);
      if (type.equals("Ended")) {
        publishSession(evseId, SessionEvent.ENDED, ts,
            info.has("stoppedReason") ? info.get("stoppedReason").asString() : "Local");
        transactions.remove(evseId);
        bridge.powerGuard().ended(connectorKey(evseId));
      } else {
        publishSession(evseId, SessionEvent.UPDATED, ts, null);
      }
    }
    ObjectNode res = FrameCodec.newObject();
    if (p.has("idToken")) {
      res.putObject("idTokenInfo").put("status", "Accepted");
    }
    return res;
  }

  private ObjectNode chargingNeeds(ObjectNode p) {
    int evseId = p.get("evseId").asInt();
    JsonNode dc = p.get("chargingNeeds").get("dcChargingParameters");
    if (dc != null && dc.has("stateOfCharge")) {
      lastSocPct.put(evseId, dc.get("stateOfCharge").asDouble());
    }
    LOG.debug("{}: charging needs on EVSE {}: {}", chargerId, evseId, p.get("chargingNeeds"));
    // 2.0.1 K15: Accepted means the CSMS will provide a schedule; the dispatch setpoint is that schedule.
    return FrameCodec.newObject().put("status", "Accepted");
  }

  private void publishMeter(int connectorId, String tx, List<MeterSample> samples) {
    for (MeterSample s : samples) {
      Transaction t = transactions.get(connectorId);
      Double power = s.powerImportKw() == null && s.powerExportKw() == null ? null
          : (s.powerImportKw() == null ? 0 : s.powerImportKw()) - (s.powerExportKw() == null ? 0 : s.powerExportKw());
      if (power == null && t != null && s.energyImportKwh() != null && s.ts().isAfter(t.lastSampleAt())) {
        // No power measurand: derive the average power since the previous register reading.
        double hours = (s.ts().toEpochMilli() - t.lastSampleAt().toEpochMilli()) / 3_600_000.0;
        power = (s.energyImportKwh() - t.importKwh()) / hours;
      }
      if (s.socPct() != null) {
        lastSocPct.put(connectorId, s.socPct());
      }
      if (t != null) {
        transactions.put(connectorId, t.withMeter(s.energyImportKwh(), s.energyExportKwh(), s.ts()));
      }
      stored(bridge.sink().meter(ChargerMeterValue.newBuilder().setChargerId(chargerId).setConnectorId(connectorId)
          .setSessionId(tx).setTs(s.ts()).setPowerKw(power == null ? 0.0 : power)
          .setEnergyImportKwh(s.energyImportKwh()).setEnergyExportKwh(s.energyExportKwh())
          .setCurrentA(s.currentA()).setVoltageV(s.voltageV()).setSocPct(s.socPct())
          .setVehicleId(t == null ? null : t.idTag()).setSiteId(siteId()).build()));
    }
  }

  private void publishSession(int connectorId, SessionEvent event, Instant ts, String stopReason) {
    Transaction t = transactions.get(connectorId);
    if (t == null) {
      return;
    }
    double discharged = Math.max(0, t.exportKwh() - t.exportStartKwh());
    stored(bridge.sink().session(ChargingSession.newBuilder().setSessionId(t.transactionId()).setChargerId(chargerId)
        .setConnectorId(connectorId).setEvent(event).setTs(ts).setStartedAt(t.startedAt())
        .setEndedAt(event == SessionEvent.ENDED ? ts : null)
        .setEnergyKwh(t.importKwh() - t.importStartKwh() - discharged).setDischargedKwh(discharged)
        .setIdTag(t.idTag()).setVehicleId(t.idTag()).setSocPct(lastSocPct.get(connectorId))
        .setStopReason(stopReason).setSiteId(siteId()).build()));
  }

  // ------------------------------------------------------------------ platform -> charger

  /**
   * Configures the charger once per connection: learns its preferred rate unit, installs the fail-safe
   * TxDefaultProfile, then delivers the current setpoint.
   */
  private void startSetup() {
    if (enrollment == null || !setupStarted.compareAndSet(false, true)) {
      return;
    }
    RpcEndpoint ep = endpoint;
    CompletableFuture<String> unit;
    if (version == OcppVersion.V16) {
      ObjectNode req = FrameCodec.newObject();
      req.putArray("key").add("ChargingScheduleAllowedChargingRateUnit");
      unit = ep.call("GetConfiguration", req).thenApply(res -> {
        for (JsonNode k : res.path("configurationKey")) {
          if (k.get("key").asString().equals("ChargingScheduleAllowedChargingRateUnit") && k.has("value")) {
            // OCPP 1.6 §9.4: a CSL of "Current" and/or "Power".
            String v = k.get("value").asString();
            return v.contains("Power") ? "W" : v.contains("Current") ? "A" : null;
          }
        }
        return null;
      });
    } else {
      ObjectNode req = FrameCodec.newObject();
      ObjectNode d = req.putArray("getVariableData").addObject();
      d.putObject("component").put("name", "SmartChargingCtrlr");
      d.putObject("variable").put("name", "RateUnit");
      unit = ep.call("GetVariables", req).thenApply(res -> {
        JsonNode r = res.path("getVariableResult").path(0);
        if ("Accepted".equals(r.path("attributeStatus").asString()) && r.has("attributeValue")) {
          String v = r.get("attributeValue").asString();
          return v.contains("W") ? "W" : v.contains("A") ? "A" : null;
        }
        return null;
      });
    }
    unit.exceptionally(e -> null).thenCompose(u -> {
      // Without an answer: AC chargers universally take A (1.6 made W optional), DC chargers take W.
      String rateUnit = u != null ? u : (enrollment.phases() == 0 ? "W" : "A");
      if (rateUnit.equals("A") && enrollment.phases() == 0) {
        rateUnit = "W";
      }
      capabilities = new ChargerCapabilities(version, rateUnit, enrollment.phases(), enrollment.voltageV(),
          enrollment.maxKw(), enrollment.minKw(), enrollment.bidirectional());
      ObjectNode txDefault = ChargingProfileMapper.txDefaultProfile(capabilities,
          enrollment.maxKw() * bridge.config().failSafeFraction(enrollment.siteId()));
      return ep.call("SetChargingProfile", txDefault);
    }).whenComplete((res, e) -> {
      if (e != null) {
        LOG.warn("{}: fail-safe TxDefaultProfile not installed: {}", chargerId, cause(e).getMessage());
      } else if (!"Accepted".equals(res.get("status").asString())) {
        LOG.warn("{}: charger answered {} to the fail-safe TxDefaultProfile", chargerId, res.get("status"));
      }
      ready = true;
      redeliverLatest();
    });
  }

  private SitePowerGuard.ConnectorKey connectorKey(int connectorId) {
    return new SitePowerGuard.ConnectorKey(chargerId, connectorId);
  }

  private void sessionStarted(int connectorId) {
    interimAttempts.remove(connectorId);
    if (enrollment != null) {
      bridge.powerGuard().started(connectorKey(connectorId), siteId(),
          enrollment.maxKw() * bridge.config().failSafeFraction(siteId()));
    }
  }

  /**
   * A session's first profile: dispatch's current setpoint if it was planned for this vehicle (or for whichever
   * vehicle is plugged in); at a guarded site otherwise the site's spare power, until dispatch, which learns of the
   * session a relay hop and a solve later, plans it. The charger's previous setpoint was planned for the vehicle
   * that left: too much for a site whose plan moved on, or nothing for a vehicle that needs charge.
   */
  private void firstProfile(int connectorId, String vehicleId) {
    DispatchSetpoint latest = bridge.latestSetpoint(chargerId);
    boolean planned = latest != null && (latest.getVehicleId() == null || latest.getVehicleId().equals(vehicleId));
    if (!planned && ready && bridge.powerGuard().guards(siteId()) && transactions.containsKey(connectorId)) {
      Instant now = Instant.now();
      Instant until = now.plus(bridge.config().txProfileMaxValidity());
      double kw = bridge.powerGuard().reserveInterim(connectorKey(connectorId), enrollment.maxKw(),
          enrollment.minKw(), now, until);
      LOG.debug("{}: new session on connector {} gets the site's spare {} kW until dispatch plans it", chargerId,
          connectorId, kw);
      deliver(interimSetpoint(connectorId, vehicleId, kw, now, until));
    } else if (latest != null) {
      deliver(latest);
    }
  }

  /** The bridge's own setpoint for a session dispatch has not planned yet: no acknowledgement goes to dispatch. */
  private DispatchSetpoint interimSetpoint(int connectorId, String vehicleId, double kw, Instant now, Instant until) {
    return DispatchSetpoint.newBuilder().setSetpointId(INTERIM_PREFIX + chargerId + "-" + connectorId)
        .setPlanId(INTERIM_PREFIX + "site-spare-power").setSiteId(siteId()).setChargerId(chargerId)
        .setConnectorId(connectorId).setVehicleId(vehicleId).setPowerKw(kw).setValidFrom(now).setValidTo(until)
        .setReason(SetpointReason.FALLBACK).setCreatedAt(now).build();
  }

  /**
   * The session's interim grant was lowered to {@code kw} (already counted by the guard): a plan made without it
   * now uses that power.
   */
  void lowerInterim(int connectorId, double kw) {
    Transaction t = transactions.get(connectorId);
    if (t == null || !ready) {
      return; // the session ended: its grant went with it
    }
    Instant now = Instant.now();
    LOG.debug("{}: interim grant on connector {} lowered to {} kW for the plan in force", chargerId, connectorId, kw);
    deliver(interimSetpoint(connectorId, t.idTag(), kw, now, now.plus(bridge.config().txProfileMaxValidity())));
  }

  /**
   * The charger did not take a session's interim profile: it draws its TxDefaultProfile, which the guard counts
   * again. A charger may still be settling the transaction the profile names, so it is offered a few more times.
   */
  private void interimNotApplied(DispatchSetpoint sp, SitePowerGuard.ConnectorKey key, String transactionId,
      AckStatus status, String detail) {
    Instant now = Instant.now();
    bridge.powerGuard().granted(key, 0, now);
    int attempt = interimAttempts.merge(key.connectorId(), 1, Integer::sum);
    if (attempt > INTERIM_RETRIES) {
      LOG.warn("{}: interim profile of a new session not applied: {} {}", chargerId, status, detail);
      return;
    }
    bridge.scheduler().schedule(() -> {
      Transaction t = transactions.get(key.connectorId());
      if (t != null && t.transactionId().equals(transactionId)) {
        firstProfile(key.connectorId(), t.idTag());
      }
    }, INTERIM_RETRY_MS, TimeUnit.MILLISECONDS);
  }

  /** A setpoint's powers in time order: {@code power_kw} from valid_from, then its steps. */
  static List<PowerStep> steps(DispatchSetpoint sp) {
    List<PowerStep> steps = new ArrayList<>(1 + sp.getSteps().size());
    steps.add(new PowerStep(sp.getValidFrom(), sp.getPowerKw()));
    for (SetpointStep s : sp.getSteps()) {
      steps.add(new PowerStep(s.getStart(), s.getPowerKw()));
    }
    return steps;
  }

  private void redeliverLatest() {
    DispatchSetpoint latest = bridge.latestSetpoint(chargerId);
    if (latest != null) {
      deliver(latest);
    }
  }

  /** Delivers a setpoint; if one is in flight, this one waits and replaces any older waiting one. */
  void deliver(DispatchSetpoint sp) {
    if (!ready) {
      return; // the setup delivers the latest setpoint when it finishes
    }
    synchronized (deliveryLock) {
      if (delivering) {
        waiting = sp;
        return;
      }
      delivering = true;
    }
    send(sp).whenComplete((v, e) -> {
      DispatchSetpoint next;
      synchronized (deliveryLock) {
        next = waiting;
        waiting = null;
        delivering = next != null;
      }
      if (next != null) {
        bridge.deliveryExecutor().execute(() -> {
          DispatchSetpoint newest;
          synchronized (deliveryLock) {
            newest = waiting != null ? waiting : next;
            waiting = null;
            delivering = false;
          }
          deliver(newest);
        });
      }
    });
  }

  private CompletableFuture<Void> send(DispatchSetpoint requested) {
    // Latest wins at the moment of sending: a delivery queued from a stale read (a re-send after a deferred
    // answer that read the latest setpoint just before a newer one arrived) must not overwrite the newer one.
    DispatchSetpoint latest = bridge.latestSetpoint(chargerId);
    DispatchSetpoint sp = latest != null && !latest.getCreatedAt().isBefore(requested.getCreatedAt()) ? latest : requested;
    Instant now = Instant.now();
    if (!sp.getValidTo().isAfter(now)) {
      LOG.debug("{}: setpoint {} expired before delivery", chargerId, sp.getSetpointId());
      return CompletableFuture.completedFuture(null);
    }
    Transaction t = sp.getConnectorId() != null ? transactions.get(sp.getConnectorId())
        : transactions.values().stream().findFirst().orElse(null);
    if (t == null) {
      // OCPP 1.6 §5.16.3 / 2.0.1 K01.FR.09: a TxProfile needs a running transaction. The setpoint stays current
      // and is delivered when a transaction starts.
      LOG.debug("{}: no transaction for setpoint {}; delivering when one starts", chargerId, sp.getSetpointId());
      return CompletableFuture.completedFuture(null);
    }
    SitePowerGuard.ConnectorKey key = connectorKey(t.connectorId());
    MappedProfile mapped = ChargingProfileMapper.txProfile(capabilities, t.connectorId(), t.transactionId(),
        steps(sp), sp.getValidTo(), now, bridge.config().txProfileMaxValidity());
    boolean interim = sp.getSetpointId().startsWith(INTERIM_PREFIX);
    bridge.powerGuard().granted(key, mapped.appliedSteps(), mapped.validTo(), interim);
    if (!interim) {
      bridge.powerGuard().yieldInterims(siteId(), now).forEach(bridge::lowerInterim);
    }
    return endpoint.call("SetChargingProfile", mapped.request(), failure -> {
      if (failure == null && !interim) {
        bridge.observer().onWire(chargerId, sp.getSetpointId(), Instant.now());
      }
    }).handle((res, e) -> {
      AckStatus status;
      String detail = null;
      if (e != null) {
        Throwable c = cause(e);
        status = c instanceof CallTimeoutException ? AckStatus.TIMEOUT
            : c instanceof RpcException r && r.code() == RpcErrorCode.NOT_SUPPORTED ? AckStatus.NOT_SUPPORTED
            : AckStatus.ERROR;
        detail = c.getMessage();
      } else {
        String s = res.get("status").asString();
        status = s.equals("Accepted") ? (mapped.dischargeRefused() ? AckStatus.NOT_SUPPORTED : AckStatus.ACCEPTED)
            : AckStatus.REJECTED;
        if (mapped.dischargeRefused()) {
          detail = "charger cannot discharge (needs OCPP 2.1 and a bidirectional enrolment); limited to 0 kW";
        } else if (res.has("statusInfo")) {
          detail = res.get("statusInfo").path("reasonCode").asString();
        }
      }
      if (interim) {
        if (status != AckStatus.ACCEPTED) {
          interimNotApplied(sp, key, t.transactionId(), status, detail);
        }
        return null; // not dispatch's setpoint: no acknowledgement for it
      }
      bridge.sink().ack(DispatchAck.newBuilder().setSetpointId(sp.getSetpointId()).setChargerId(chargerId)
          .setStatus(status).setTs(Instant.now()).setAppliedPowerKw(e == null ? mapped.appliedPowerKw() : null)
          .setOcppAction("SetChargingProfile").setDetail(detail).build());
      return null;
    });
  }

  /** Sends a device-level CALL (RemoteStart, ClearChargingProfile, ...) and returns the charger's answer. */
  CompletableFuture<ObjectNode> call(String action, ObjectNode payload) {
    return endpoint.call(action, payload);
  }

  Map<Integer, String> runningTransactions() {
    Map<Integer, String> m = new java.util.TreeMap<>();
    transactions.forEach((k, v) -> m.put(k, v.transactionId()));
    return m;
  }

  ChargerCapabilities capabilities() {
    return capabilities;
  }

  private String siteId() {
    return enrollment == null ? null : enrollment.siteId();
  }

  private static Throwable cause(Throwable e) {
    return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
  }

  private static Instant time(JsonNode n) {
    return OffsetDateTime.parse(n.asString()).toInstant();
  }

  private static String now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
  }
}
