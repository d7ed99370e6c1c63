package energy.vgf.cli.demo;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import energy.vgf.dispatch.DispatchAck;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a setpoint's time goes on its way to the charger, in wall-clock milliseconds, measured at the demo's time
 * relay (the one place that sees both time lines):
 * <ul>
 *   <li>{@code dispatch}: from its interval's start (its {@code valid_from}, on the wall clock) to its creation by
 *   the dispatch operator: the watermark's lag behind the twin plus the solve; boundary plans only;</li>
 *   <li>{@code replan}: the same for re-plans (a plug-in, a rejected setpoint), whose {@code valid_from} is the
 *   event time of what triggered them;</li>
 *   <li>{@code to_relay}: from creation to the relay reading it off the platform broker (sink, broker, poll);</li>
 *   <li>{@code to_ack}: from the relay to the bridge's acknowledgement (field broker, bridge, OCPP round trip).</li>
 * </ul>
 * At 1,500 x, 100 ms wall is 2.5 simulated minutes: these figures say which stage a late setpoint lost its time in.
 */
final class SetpointLatency {
  /** Setpoints awaiting their ack; bounded, the oldest forgotten first (most setpoints of idle chargers get none). */
  private static final int MAX_PENDING = 20_000;

  private final List<Long> dispatchMs = new ArrayList<>();
  private final List<Long> replanMs = new ArrayList<>();
  private final List<Long> toRelayMs = new ArrayList<>();
  private final List<Long> toAckMs = new ArrayList<>();
  private final Map<String, Long> relayedAtMs = new LinkedHashMap<>(1024, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
      return size() > MAX_PENDING;
    }
  };

  /**
   * A setpoint read off the platform broker at {@code nowMs}: created at {@code createdMs} (the job's wall clock),
   * for the interval that starts at {@code validFromWall} on the wall clock.
   */
  synchronized void relayed(String setpointId, boolean replan, long createdMs, Instant validFromWall, long nowMs) {
    (replan ? replanMs : dispatchMs).add(createdMs - validFromWall.toEpochMilli());
    toRelayMs.add(nowMs - createdMs);
    relayedAtMs.put(setpointId, nowMs);
  }

  /** An ack read off the field broker, still stamped with the bridge's wall clock. */
  synchronized void acked(DispatchAck ack) {
    Long relayed = relayedAtMs.remove(ack.getSetpointId());
    if (relayed != null) {
      toAckMs.add(ack.getTs().toEpochMilli() - relayed);
    }
  }

  /** Percentiles of each stage, e.g. {@code {"dispatch":{"n":..,"p50":..,"p90":..,"p99":..}, ...}}. */
  synchronized ObjectNode summary() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    stage(o, "dispatch", dispatchMs);
    stage(o, "replan", replanMs);
    stage(o, "to_relay", toRelayMs);
    stage(o, "to_ack", toAckMs);
    return o;
  }

  private static void stage(ObjectNode o, String name, List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    ObjectNode s = o.putObject(name);
    s.put("n", sorted.size());
    if (!sorted.isEmpty()) {
      s.put("p50", at(sorted, 0.50));
      s.put("p90", at(sorted, 0.90));
      s.put("p99", at(sorted, 0.99));
    }
  }

  private static long at(List<Long> sorted, double q) {
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
  }
}
