package energy.vgf.flink.vehicle;

import static energy.vgf.flink.Fixtures.at;
import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SnapshotCoalescerTest {
  private static final long FIVE_MIN_MS = 5 * 60_000L;

  private OneInputStreamOperatorTestHarness<VehicleSnapshot, VehicleSnapshot> harness;

  @BeforeEach
  void open() throws Exception {
    harness = new OneInputStreamOperatorTestHarness<>(new SnapshotCoalescer(FIVE_MIN_MS));
    harness.open();
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  static VehicleSnapshot snapshot(String vehicle, double minutes, double energyKwh, boolean pluggedIn) {
    VehicleSnapshot v = new VehicleSnapshot();
    v.vehicleId = vehicle;
    v.siteId = "depot-a";
    v.present = true;
    v.tsMs = at(minutes).toEpochMilli();
    v.energyKwh = energyKwh;
    v.socTrusted = true;
    v.pluggedIn = pluggedIn;
    v.chargerId = pluggedIn ? "cp-1" : null;
    return v;
  }

  private void send(VehicleSnapshot v) throws Exception {
    harness.processElement(new StreamRecord<>(v, v.tsMs));
  }

  @Test
  void sendsTheFirstSnapshotOfAVehicleAtOnceAndHoldsEnergyOnlyChanges() throws Exception {
    send(snapshot("bus-1", 1, 20, true));
    send(snapshot("bus-1", 2, 21, true));
    send(snapshot("bus-1", 3, 22, true));

    assertThat(harness.extractOutputValues()).extracting(v -> v.energyKwh).containsExactly(20.0);
  }

  @Test
  void sendsTheNewestHeldSnapshotBeforeAWatermarkThatReachesAWindowEnd() throws Exception {
    harness.processWatermark(at(0).toEpochMilli()); // the first watermark always flushes: nothing known before it
    send(snapshot("bus-1", 1, 20, true));
    send(snapshot("bus-1", 2, 21, true));
    send(snapshot("bus-1", 3, 22, true));
    harness.processWatermark(at(4).toEpochMilli());
    assertThat(harness.extractOutputValues()).hasSize(1);

    harness.processWatermark(at(5).toEpochMilli() - 1); // the flexibility timer of the window [0, 5) fires on this one
    assertThat(harness.extractOutputValues()).extracting(v -> v.energyKwh).containsExactly(20.0, 22.0);
    // The held snapshot precedes the watermark that fires the site operators' timers.
    Object[] out = harness.getOutput().toArray();
    assertThat(out[out.length - 2]).isInstanceOf(StreamRecord.class);
    assertThat(out[out.length - 1]).isEqualTo(new org.apache.flink.streaming.api.watermark.Watermark(at(5).toEpochMilli() - 1));
  }

  @Test
  void sendsAStructuralChangeAtOnceAndDropsTheOlderHeldSnapshot() throws Exception {
    send(snapshot("bus-1", 1, 20, true));
    send(snapshot("bus-1", 2, 21, true));
    send(snapshot("bus-1", 3, 21.5, false)); // unplugged

    assertThat(harness.extractOutputValues()).extracting(v -> v.pluggedIn).containsExactly(true, false);
    harness.processWatermark(at(10).toEpochMilli());
    assertThat(harness.extractOutputValues()).hasSize(2);
  }

  @Test
  void holdsNothingAcrossACheckpoint() throws Exception {
    send(snapshot("bus-1", 1, 20, true));
    send(snapshot("bus-1", 2, 21, true));
    harness.prepareSnapshotPreBarrier(1L);

    assertThat(harness.extractOutputValues()).extracting(v -> v.energyKwh).containsExactly(20.0, 21.0);
  }

  @Test
  void flushesOnWindowEndsAndDispatchBoundariesOfTheGrid() {
    assertThat(SnapshotCoalescer.nextFlushAfter(0, FIVE_MIN_MS)).isEqualTo(FIVE_MIN_MS - 1);
    assertThat(SnapshotCoalescer.nextFlushAfter(FIVE_MIN_MS - 1, FIVE_MIN_MS)).isEqualTo(FIVE_MIN_MS);
    assertThat(SnapshotCoalescer.nextFlushAfter(FIVE_MIN_MS, FIVE_MIN_MS)).isEqualTo(2 * FIVE_MIN_MS - 1);
    assertThat(SnapshotCoalescer.nextFlushAfter(Long.MIN_VALUE, FIVE_MIN_MS)).isLessThan(0);
    assertThat(SnapshotCoalescer.boundaryMs(5, 15)).isEqualTo(FIVE_MIN_MS);
  }
}
