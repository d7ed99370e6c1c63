package energy.vgf.e2e;

import energy.vgf.ocpp.rpc.FrameCodec;
import energy.vgf.ocpp.rpc.OcppVersion;
import energy.vgf.ocpp.sim.ChargePointSimulator;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The charger side of "no telemetry lost": samples a connector's meter on a fixed period and sends each reading as
 * a transaction-related message (MeterValues in 1.6, TransactionEvent Updated in 2.x) through the simulator's
 * connection. OCPP 1.6 §4.7 and 2.0.1 E04/E12 make a charger queue such messages while it is offline and deliver
 * them in order once back; the charge-point simulator does not queue, so this reporter does: a reading leaves the
 * queue only when the central system has answered it (CALLRESULT).
 *
 * <p>Reading {@code n} carries {@code Energy.Active.Import.Register = (1000 + n) kWh}, so every reading is
 * recognisable on the Kafka topic by its register alone (the simulator's own readings stay far below 1000 kWh).
 */
final class QueuedMeterReporter implements AutoCloseable {
  static final double REGISTER_BASE_KWH = 1000.0;

  private final ChargePointSimulator sim;
  private final Deque<ObjectNode> queue = new ArrayDeque<>();
  private final AtomicInteger sampled = new AtomicInteger();
  private final AtomicInteger answered = new AtomicInteger();
  private final AtomicInteger failedAttempts = new AtomicInteger();
  private final ScheduledFuture<?> sampling;
  private final ScheduledFuture<?> sending;
  private boolean inFlight;
  private int seqNo2x = 1_000;

  QueuedMeterReporter(ChargePointSimulator sim, ScheduledExecutorService scheduler, long periodMs) {
    this.sim = sim;
    this.sampling = scheduler.scheduleAtFixedRate(this::sample, periodMs, periodMs, TimeUnit.MILLISECONDS);
    this.sending = scheduler.scheduleWithFixedDelay(this::sendHead, 20, 20, TimeUnit.MILLISECONDS);
  }

  /** Readings taken so far (sequence numbers 0 .. sampled-1). */
  int sampled() {
    return sampled.get();
  }

  /** Readings the central system has acknowledged. */
  int answered() {
    return answered.get();
  }

  /** Sends that failed (connection down, no answer) and were retried. */
  int failedAttempts() {
    return failedAttempts.get();
  }

  synchronized int queued() {
    return queue.size();
  }

  /** Stops sampling; readings still queued keep being sent until {@link #close()}. */
  void stopSampling() {
    sampling.cancel(false);
  }

  private void sample() {
    var state = sim.connectorState(1);
    if (state.transactionId() == null) {
      return; // transaction-related messages need a transaction
    }
    int n = sampled.getAndIncrement();
    String ts = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
    double registerWh = (REGISTER_BASE_KWH + n) * 1000.0;
    ObjectNode req = FrameCodec.newObject();
    OcppVersion version = sim.config().version();
    if (version == OcppVersion.V16) {
      req.put("connectorId", 1).put("transactionId", Long.parseLong(state.transactionId()));
      ArrayNode sv = req.putArray("meterValue").addObject().put("timestamp", ts).putArray("sampledValue");
      sv.addObject().put("value", String.format(Locale.ROOT, "%.1f", registerWh))
          .put("context", "Sample.Periodic").put("measurand", "Energy.Active.Import.Register").put("unit", "Wh");
      sv.addObject().put("value", String.format(Locale.ROOT, "%.1f", state.powerW()))
          .put("context", "Sample.Periodic").put("measurand", "Power.Active.Import").put("unit", "W");
      synchronized (this) {
        queue.addLast(tag(req, "MeterValues"));
      }
    } else {
      synchronized (this) {
        req.put("eventType", "Updated").put("timestamp", ts).put("triggerReason", "MeterValuePeriodic")
            .put("seqNo", seqNo2x++);
        req.putObject("transactionInfo").put("transactionId", state.transactionId()).put("chargingState", "Charging");
        req.putObject("evse").put("id", 1).put("connectorId", 1);
        ArrayNode sv = req.putArray("meterValue").addObject().put("timestamp", ts).putArray("sampledValue");
        ObjectNode e = sv.addObject().put("value", registerWh).put("measurand", "Energy.Active.Import.Register")
            .put("context", "Sample.Periodic");
        e.putObject("unitOfMeasure").put("unit", "Wh");
        ObjectNode p = sv.addObject().put("value", state.powerW()).put("measurand", "Power.Active.Import")
            .put("context", "Sample.Periodic");
        p.putObject("unitOfMeasure").put("unit", "W");
        queue.addLast(tag(req, "TransactionEvent"));
      }
    }
  }

  /** The action travels with the payload in the queue; it is removed before sending. */
  private static ObjectNode tag(ObjectNode req, String action) {
    ObjectNode wrapped = FrameCodec.newObject();
    wrapped.put("action", action);
    wrapped.set("payload", req);
    return wrapped;
  }

  private void sendHead() {
    ObjectNode head;
    synchronized (this) {
      if (inFlight || queue.isEmpty() || !sim.isConnected()) {
        return;
      }
      head = queue.peekFirst();
      inFlight = true;
    }
    ObjectNode payload = (ObjectNode) head.get("payload");
    sim.call(head.get("action").asString(), payload.deepCopy()).whenComplete((res, failure) -> {
      synchronized (this) {
        inFlight = false;
        if (failure == null) {
          queue.pollFirst();
          answered.incrementAndGet();
        } else {
          failedAttempts.incrementAndGet();
        }
      }
    });
  }

  @Override
  public void close() {
    sampling.cancel(false);
    sending.cancel(false);
  }
}
