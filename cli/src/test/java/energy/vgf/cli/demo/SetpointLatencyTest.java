package energy.vgf.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import energy.vgf.dispatch.AckStatus;
import energy.vgf.dispatch.DispatchAck;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SetpointLatencyTest {
  private static final Instant INTERVAL_START_WALL = Instant.parse("2026-11-27T06:00:00Z");

  private static DispatchAck ack(String setpointId, long atMs) {
    return DispatchAck.newBuilder().setSetpointId(setpointId).setChargerId("cp-1").setStatus(AckStatus.ACCEPTED)
        .setTs(Instant.ofEpochMilli(atMs)).build();
  }

  @Test
  void splitsEachSetpointsTimeIntoDispatchRelayAndAckStages() {
    SetpointLatency latency = new SetpointLatency();
    long start = INTERVAL_START_WALL.toEpochMilli();
    latency.relayed("sp-1", false, start + 900, INTERVAL_START_WALL, start + 930);
    latency.acked(ack("sp-1", start + 980));

    latency.relayed("sp-2", true, start + 2_000, INTERVAL_START_WALL, start + 2_030);

    var summary = latency.summary();
    assertThat(summary.path("dispatch").path("p50").asLong()).isEqualTo(900);
    assertThat(summary.path("replan").path("n").asInt()).isEqualTo(1);
    assertThat(summary.path("replan").path("p50").asLong()).isEqualTo(2_000);
    assertThat(summary.path("to_relay").path("p50").asLong()).isEqualTo(30);
    assertThat(summary.path("to_ack").path("p50").asLong()).isEqualTo(50);
  }

  @Test
  void anAckOfASetpointItNeverSawIsNotCountedAndASetpointIsAckedOnce() {
    SetpointLatency latency = new SetpointLatency();
    long start = INTERVAL_START_WALL.toEpochMilli();
    latency.relayed("sp-1", false, start + 100, INTERVAL_START_WALL, start + 120);
    latency.acked(ack("sp-unknown", start + 200));
    latency.acked(ack("sp-1", start + 200));
    latency.acked(ack("sp-1", start + 5_000)); // a redelivery's second ack

    var summary = latency.summary();
    assertThat(summary.path("to_ack").path("n").asInt()).isEqualTo(1);
    assertThat(summary.path("to_ack").path("p99").asLong()).isEqualTo(80);
  }

  @Test
  void percentilesComeFromTheSortedSamples() {
    SetpointLatency latency = new SetpointLatency();
    long start = INTERVAL_START_WALL.toEpochMilli();
    for (int i = 100; i >= 1; i--) {
      latency.relayed("sp-" + i, false, start + i * 10L, INTERVAL_START_WALL, start + i * 10L);
    }
    var dispatch = latency.summary().path("dispatch");
    assertThat(dispatch.path("n").asInt()).isEqualTo(100);
    assertThat(dispatch.path("p50").asLong()).isEqualTo(500);
    assertThat(dispatch.path("p90").asLong()).isEqualTo(900);
    assertThat(dispatch.path("p99").asLong()).isEqualTo(990);
  }
}
