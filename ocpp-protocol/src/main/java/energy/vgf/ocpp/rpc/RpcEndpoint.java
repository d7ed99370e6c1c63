package energy.vgf.ocpp.rpc;

import energy.vgf.ocpp.validation.OcppSchemaValidator;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One side of an OCPP-J connection: frames, validates and correlates messages over an {@link RpcTransport}.
 *
 * <p>Rules it enforces: every incoming CALL is validated against its version's schema and answered with a
 * CALLRESULT or the CALLERROR OCPP-J prescribes, and nothing a peer sends (non-JSON, oversize, wrong shape) closes
 * the connection; at most one outgoing CALL is outstanding (OCPP-J 1.6 §4.1.1 / 2.0.1 Part 4 §4.1.1: "should not
 * send a CALL until the previous CALL has been responded to or has timed out"), further CALLs wait in a bounded
 * queue; an outgoing CALL fails after {@link RpcOptions#callTimeout()}.
 */
public final class RpcEndpoint {
  private static final Logger LOG = LoggerFactory.getLogger(RpcEndpoint.class);
  private static final ScheduledExecutorService TIMERS = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "ocpp-rpc-timeouts");
    t.setDaemon(true);
    return t;
  });
  private static final Pattern CALL_ID_PREFIX = Pattern.compile("^\\s*\\[\\s*2\\s*,\\s*\"([^\"]{1,36})\"");
  private static final AtomicLong ID_SEED = new AtomicLong(System.nanoTime() & 0xffffff);

  private final String peerId;
  private final OcppVersion version;
  private final RpcTransport transport;
  private final RpcOptions options;
  private final OcppSchemaValidator validator;
  private volatile CallHandler handler;

  private final Object lock = new Object();
  private final ArrayDeque<OutgoingCall> queue = new ArrayDeque<>();
  private OutgoingCall outstanding;
  private long nextId;
  private boolean closed;
  private final String idPrefix;

  // token bucket for incoming CALLs, only touched on the reader thread
  private double tokens;
  private long lastRefillNanos = System.nanoTime();

  public RpcEndpoint(String peerId, OcppVersion version, RpcTransport transport, RpcOptions options,
      OcppSchemaValidator validator, CallHandler handler) {
    this.peerId = peerId;
    this.version = version;
    this.transport = transport;
    this.options = options;
    this.validator = validator;
    this.handler = handler;
    this.tokens = options.callBurst();
    this.idPrefix = Long.toString(ID_SEED.incrementAndGet(), 36) + "-";
  }

  public OcppVersion version() {
    return version;
  }

  public String peerId() {
    return peerId;
  }

  public void setHandler(CallHandler handler) {
    this.handler = handler;
  }

  // ---------------------------------------------------------------- incoming

  /** Handles one text frame from the peer. Never throws. */
  public void onText(String text) {
    try {
      if (text.length() > options.maxMessageChars()) {
        // Not parsed at all: the size limit protects the parser. OCPP 2.0.1 answers a message above the
        // receiver's BytesPerMessage with a FormatViolation; the id is recovered from the frame's head if it can be.
        Matcher m = CALL_ID_PREFIX.matcher(text.substring(0, Math.min(text.length(), 64)));
        String id = m.find() ? m.group(1) : FrameException.UNKNOWN_MESSAGE_ID;
        LOG.warn("{}: refused a frame of {} chars (limit {})", peerId, text.length(), options.maxMessageChars());
        reply(FrameCodec.callError(version, id, RpcErrorCode.FORMAT_VIOLATION,
            "Message of " + text.length() + " characters exceeds the limit of " + options.maxMessageChars()));
        return;
      }
      Frame frame;
      try {
        frame = FrameCodec.parse(text);
      } catch (FrameException e) {
        LOG.debug("{}: bad frame: {}", peerId, e.getMessage());
        if (e.replyable() && takeToken()) {
          reply(FrameCodec.callError(version, e.messageId(), e.code(), e.description()));
        }
        return;
      }
      if (frame instanceof Frame.Call call) {
        onCall(call);
      } else if (frame instanceof Frame.CallResult result) {
        onCallResult(result);
      } else if (frame instanceof Frame.CallError error) {
        onCallError(error);
      }
    } catch (RuntimeException e) {
      LOG.error("{}: unexpected failure handling a frame; the connection stays up", peerId, e);
    }
  }

  private void onCall(Frame.Call call) {
    if (!takeToken()) {
      reply(FrameCodec.callError(version, call.messageId(), RpcErrorCode.GENERIC_ERROR,
          "Rate limit of " + options.maxCallsPerSecond() + " calls/s exceeded"));
      return;
    }
    List<Runnable> after = new ArrayList<>(1);
    String answer;
    try {
      if (!validator.knowsAction(version, call.action())) {
        throw new RpcException(RpcErrorCode.NOT_IMPLEMENTED,
            "Action " + call.action() + " is not known in " + version.subprotocol());
      }
      if (options.validateIncoming()) {
        validator.validateRequest(version, call.action(), call.payload());
      }
      ObjectNode result = handler.handle(new Incoming(call, after));
      if (options.validateOutgoing()) {
        validator.validateResponse(version, call.action(), result);
      }
      answer = FrameCodec.callResult(call.messageId(), result);
    } catch (RpcException e) {
      answer = FrameCodec.callError(version, call.messageId(), e.code(), e.description());
      after.clear();
    } catch (RuntimeException e) {
      LOG.error("{}: handler of {} failed", peerId, call.action(), e);
      answer = FrameCodec.callError(version, call.messageId(), RpcErrorCode.INTERNAL_ERROR,
          "Internal error handling " + call.action());
      after.clear();
    }
    reply(answer);
    for (Runnable r : after) {
      try {
        r.run();
      } catch (RuntimeException e) {
        LOG.error("{}: follow-up of {} failed", peerId, call.action(), e);
      }
    }
  }

  private void onCallResult(Frame.CallResult result) {
    OutgoingCall call = takeOutstanding(result.messageId());
    if (call == null) {
      LOG.warn("{}: CALLRESULT for unknown or expired message {} ignored", peerId, result.messageId());
      return;
    }
    try {
      if (options.validateIncoming()) {
        validator.validateResponse(version, call.action, result.payload());
      }
      call.future.complete(result.payload());
    } catch (RpcException e) {
      call.future.completeExceptionally(e);
    }
    pump();
  }

  private void onCallError(Frame.CallError error) {
    OutgoingCall call = takeOutstanding(error.messageId());
    if (call == null) {
      LOG.warn("{}: CALLERROR for unknown or expired message {} ignored", peerId, error.messageId());
      return;
    }
    call.future.completeExceptionally(new RpcException(RpcErrorCode.fromWire(error.errorCode()),
        error.errorCode() + ": " + error.errorDescription()));
    pump();
  }

  private boolean takeToken() {
    long now = System.nanoTime();
    tokens = Math.min(options.callBurst(), tokens + (now - lastRefillNanos) / 1e9 * options.maxCallsPerSecond());
    lastRefillNanos = now;
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }

  private void reply(String text) {
    transport.send(text, RpcTransport.WriteListener.NONE);
  }

  // ---------------------------------------------------------------- outgoing

  /** Sends a CALL; the future completes with the validated CALLRESULT payload or an {@link RpcException}. */
  public CompletableFuture<ObjectNode> call(String action, ObjectNode payload) {
    return call(action, payload, RpcTransport.WriteListener.NONE);
  }

  /** As {@link #call(String, ObjectNode)}, with a listener told when the CALL is written to the socket. */
  public CompletableFuture<ObjectNode> call(String action, ObjectNode payload, RpcTransport.WriteListener onWire) {
    CompletableFuture<ObjectNode> future = new CompletableFuture<>();
    if (options.validateOutgoing()) {
      try {
        validator.validateRequest(version, action, payload);
      } catch (RpcException e) {
        LOG.error("{}: refusing to send an invalid {}: {}", peerId, action, e.getMessage());
        future.completeExceptionally(e);
        return future;
      }
    }
    boolean send;
    synchronized (lock) {
      if (closed) {
        future.completeExceptionally(new ConnectionClosedException(action));
        return future;
      }
      if (queue.size() >= options.maxQueuedCalls()) {
        future.completeExceptionally(new RpcException(RpcErrorCode.GENERIC_ERROR,
            action + ": " + queue.size() + " CALLs already queued for " + peerId));
        return future;
      }
      queue.add(new OutgoingCall(action, payload, future, onWire));
      send = outstanding == null;
    }
    if (send) {
      pump();
    }
    return future;
  }

  /** Number of CALLs waiting behind the outstanding one. */
  public int queuedCalls() {
    synchronized (lock) {
      return queue.size() + (outstanding == null ? 0 : 1);
    }
  }

  private void pump() {
    OutgoingCall next;
    synchronized (lock) {
      if (outstanding != null || closed) {
        return;
      }
      next = queue.poll();
      if (next == null) {
        return;
      }
      next.messageId = idPrefix + Long.toString(nextId++, 36);
      outstanding = next;
    }
    OutgoingCall call = next;
    call.timeout = TIMERS.schedule(() -> onTimeout(call), options.callTimeout().toMillis(), TimeUnit.MILLISECONDS);
    transport.send(FrameCodec.call(call.messageId, call.action, call.payload), failure -> {
      call.onWire.written(failure);
      if (failure != null) {
        if (takeOutstanding(call.messageId) != null) {
          call.future.completeExceptionally(new ConnectionClosedException(call.action));
          pump();
        }
      }
    });
  }

  private void onTimeout(OutgoingCall call) {
    if (takeOutstanding(call.messageId) != null) {
      call.future.completeExceptionally(new CallTimeoutException(call.action, call.messageId, options.callTimeout()));
      pump();
    }
  }

  private OutgoingCall takeOutstanding(String messageId) {
    synchronized (lock) {
      if (outstanding == null || !outstanding.messageId.equals(messageId)) {
        return null;
      }
      OutgoingCall call = outstanding;
      outstanding = null;
      if (call.timeout != null) {
        call.timeout.cancel(false);
      }
      return call;
    }
  }

  /** Fails the outstanding and queued CALLs; call when the WebSocket closed. */
  public void onClosed() {
    List<OutgoingCall> failed = new ArrayList<>();
    synchronized (lock) {
      closed = true;
      if (outstanding != null) {
        if (outstanding.timeout != null) {
          outstanding.timeout.cancel(false);
        }
        failed.add(outstanding);
        outstanding = null;
      }
      failed.addAll(queue);
      queue.clear();
    }
    for (OutgoingCall c : failed) {
      c.future.completeExceptionally(new ConnectionClosedException(c.action));
    }
  }

  public boolean isClosed() {
    synchronized (lock) {
      return closed;
    }
  }

  public void close(int statusCode, String reason) {
    transport.close(statusCode, reason);
  }

  private static final class OutgoingCall {
    final String action;
    final ObjectNode payload;
    final CompletableFuture<ObjectNode> future;
    final RpcTransport.WriteListener onWire;
    String messageId;
    ScheduledFuture<?> timeout;

    OutgoingCall(String action, ObjectNode payload, CompletableFuture<ObjectNode> future,
        RpcTransport.WriteListener onWire) {
      this.action = action;
      this.payload = payload;
      this.future = future;
      this.onWire = onWire;
    }
  }

  private record Incoming(Frame.Call call, List<Runnable> after) implements CallHandler.IncomingCall {
    @Override
    public String messageId() {
      return call.messageId();
    }

    @Override
    public String action() {
      return call.action();
    }

    @Override
    public ObjectNode payload() {
      return call.payload();
    }

    @Override
    public void afterReply(Runnable task) {
      after.add(task);
    }
  }
}
