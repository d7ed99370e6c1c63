package energy.vgf.flink.flexibility;

import static energy.vgf.flink.Fixtures.at;
import static energy.vgf.flink.Fixtures.config;
import static org.assertj.core.api.Assertions.assertThat;

import energy.vgf.flexibility.FlexibilityWindow;
import energy.vgf.flink.vehicle.VehicleSnapshot;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FlexibilityFunctionTest {

  private KeyedOneInputStreamOperatorTestHarness<String, VehicleSnapshot, FlexibilityWindow> harness;

  @BeforeEach
  void open() throws Exception {
    harness = newHarness();
    harness.open();
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, VehicleSnapshot, FlexibilityWindow> newHarness() throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new FlexibilityFunction(config())),
        v -> v.siteId, Types.STRING);
  }

  private void send(VehicleSnapshot v, double minutes) throws Exception {
    v.tsMs = at(minutes).toEpochMilli();
    harness.processElement(v, v.tsMs);
  }

  @Test
  void emitsAWindowAtItsEndFromTheStateOfEveryPluggedInVehicle() throws Exception {
    send(FlexibilityCalculatorTest.plugged("bus-1", "cp-1", 20, 10, 180.0), 1);
    harness.processWatermark(at(5).toEpochMilli() - 2);
    assertThat(harness.extractOutputValues()).isEmpty();

    harness.processWatermark(at(5).toEpochMilli() - 1);
    assertThat(harness.extractOutputValues()).singleElement().satisfies(w -> {
      assertThat(w.getSiteId()).isEqualTo("depot-a");
      assertThat(w.getWindowStart()).isEqualTo(at(0));
      assertThat(w.getWindowEnd()).isEqualTo(at(5));
      assertThat(w.getPluggedInVehicles()).isEqualTo(1);
    });
  }

  @Test
  void keepsCountingASilentPluggedInVehicleInLaterWindows() throws Exception {
    send(FlexibilityCalculatorTest.plugged("bus-1", "cp-1", 20, 10, 180.0), 1);
    harness.processWatermark(at(15).toEpochMilli());
    assertThat(harness.extractOutputValues()).extracting(FlexibilityWindow::getWindowEnd).containsExactly(at(5), at(10), at(15));
    assertThat(harness.extractOutputValues()).allSatisfy(w -> assertThat(w.getPluggedInVehicles()).isEqualTo(1));
  }

  @Test
  void keepsTheNewerSnapshotOfAVehicleAndStopsWindowsWhenNothingIsPluggedIn() throws Exception {
    send(FlexibilityCalculatorTest.plugged("bus-1", "cp-1", 30, 10, 180.0), 2);
    send(FlexibilityCalculatorTest.plugged("bus-1", "cp-1", 20, 10, 180.0), 1); // older: ignored
    harness.processWatermark(at(5).toEpochMilli() - 1);
    assertThat(harness.extractOutputValues().get(0).getMustChargeEnergyKwh()).isEqualTo(60.0);

    VehicleSnapshot unplugged = FlexibilityCalculatorTest.plugged("bus-1", null, 30, 0, 180.0);
    unplugged.pluggedIn = false;
    send(unplugged, 6);
    harness.processWatermark(at(30).toEpochMilli());
    // The window [5, 10) still fires (it holds the unplug), then the site is quiet.
    assertThat(harness.extractOutputValues()).extracting(FlexibilityWindow::getWindowEnd).containsExactly(at(5), at(10));
    assertThat(harness.extractOutputValues().get(1).getPluggedInVehicles()).isZero();
  }

  @Test
  void restoresTheSitesVehiclesAndItsWindowTimerFromASnapshot() throws Exception {
    send(FlexibilityCalculatorTest.plugged("bus-1", "cp-1", 20, 10, 180.0), 1);
    OperatorSubtaskState snapshot = harness.snapshot(1L, at(2).toEpochMilli());
    harness.close();

    harness = newHarness();
    harness.initializeState(snapshot);
    harness.open();
    harness.processWatermark(at(5).toEpochMilli() - 1);
    assertThat(harness.extractOutputValues()).singleElement()
        .satisfies(w -> assertThat(w.getMustChargeEnergyKwh()).isEqualTo(70.0));
  }
}
