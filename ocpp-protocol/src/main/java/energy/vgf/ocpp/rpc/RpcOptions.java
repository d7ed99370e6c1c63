package energy.vgf.ocpp.rpc;

import java.time.Duration;

/**
 * Per-connection RPC limits.
 *
 * @param callTimeout how long an outgoing CALL waits for its answer before it fails (OCPP-J leaves the value to
 *     the implementation; 30 s is the common default)
 * @param maxMessageChars frames longer than this are refused with a CALLERROR and never parsed
 * @param maxCallsPerSecond sustained rate of incoming CALLs a peer may send; excess CALLs get a CALLERROR
 * @param callBurst how many CALLs a peer may send at once before the sustained rate applies
 * @param maxQueuedCalls outgoing CALLs that may wait behind the outstanding one (OCPP-J allows one at a time)
 * @param validateOutgoing also validate our own outgoing CALLs and CALLRESULTs (catches our bugs in tests)
 * @param validateIncoming validate the peer's messages against the schemas; only a load generator that must not
 *     spend its CPU on conformance checks turns this off
 */
public record RpcOptions(
    Duration callTimeout,
    int maxMessageChars,
    double maxCallsPerSecond,
    int callBurst,
    int maxQueuedCalls,
    boolean validateOutgoing,
    boolean validateIncoming) {

  public static RpcOptions defaults() {
    return new RpcOptions(Duration.ofSeconds(30), 65_536, 20.0, 40, 64, true, true);
  }

  public RpcOptions {
    if (callTimeout == null || callTimeout.isNegative() || callTimeout.isZero()) {
      throw new IllegalArgumentException("callTimeout must be positive, got " + callTimeout);
    }
    if (maxMessageChars < 256) {
      throw new IllegalArgumentException("maxMessageChars must be >= 256, got " + maxMessageChars);
    }
    if (maxCallsPerSecond <= 0 || callBurst < 1 || maxQueuedCalls < 1) {
      throw new IllegalArgumentException("rate limits must be positive");
    }
  }

  public RpcOptions withCallTimeout(Duration timeout) {
    return new RpcOptions(timeout, maxMessageChars, maxCallsPerSecond, callBurst, maxQueuedCalls, validateOutgoing, validateIncoming);
  }

  public RpcOptions withMaxMessageChars(int chars) {
    return new RpcOptions(callTimeout, chars, maxCallsPerSecond, callBurst, maxQueuedCalls, validateOutgoing, validateIncoming);
  }

  public RpcOptions withValidation(boolean outgoing, boolean incoming) {
    return new RpcOptions(callTimeout, maxMessageChars, maxCallsPerSecond, callBurst, maxQueuedCalls, outgoing, incoming);
  }

  public RpcOptions withRateLimit(double perSecond, int burst) {
    return new RpcOptions(callTimeout, maxMessageChars, perSecond, burst, maxQueuedCalls, validateOutgoing, validateIncoming);
  }
}
