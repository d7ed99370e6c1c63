package energy.vgf.flink.vehicle;

import static energy.vgf.flink.Fixtures.at;
import static energy.vgf.flink.Fixtures.config;
import static energy.vgf.flink.Fixtures.constraint;
import static energy.vgf.flink.Fixtures.meter;
import static energy.vgf.flink.Fixtures.parked;
import static energy.vgf.flink.Fixtures.status;
import static energy.vgf.flink.Fixtures.telemetry;
import static org.assertj.core.api.Assertions.assertThat;

import energy.vgf.charging.ConnectorStatus;
import energy.vgf.ops.DeadLetter;
import energy.vgf.telemetry.VehicleStatus;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VehicleStateFunctionTest {

  private KeyedOneInputStreamOperatorTestHarness<String, VehicleInput, VehicleSnapshot> harness;

  @BeforeEach
  void open() throws Exception {
    harness = newHarness();
    harness.open();
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, VehicleInput, VehicleSnapshot> newHarness() throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new VehicleStateFunction(config())),
        VehicleInput::vehicleId, Types.STRING);
  }

  private void send(VehicleInput in) throws Exception {
    harness.processElement(in, in.eventTime().toEpochMilli());
  }

  private VehicleSnapshot last() {
    List<VehicleSnapshot> out = harness.extractOutputValues();
    return out.get(out.size() - 1);
  }

  @Test
  void keepsTheNewestSocWhenReadingsArriveOutOfOrder() throws Exception {
    send(VehicleInput.of(parked("bus-1", 10, 50.0)));
    send(VehicleInput.of(parked("bus-1", 5, 40.0)));

    assertThat(harness.extractOutputValues()).hasSize(1);
    assertThat(last().socPct).isEqualTo(50.0);
    assertThat(last().energyKwh).isEqualTo(50.0);
    assertThat(last().siteId).isEqualTo("depot-a");
  }

  @Test
  void ignoresDuplicateObservations() throws Exception {
    send(VehicleInput.of(parked("bus-1", 10, 50.0)));
    send(VehicleInput.of(status("cp-1", 11, ConnectorStatus.CHARGING, "bus-1")));
    send(VehicleInput.of(status("cp-1", 11, ConnectorStatus.CHARGING, "bus-1")));
    send(VehicleInput.of(parked("bus-1", 10, 50.0)));

    assertThat(harness.extractOutputValues()).hasSize(2);
    assertThat(last().pluggedIn).isTrue();
    assertThat(last().chargerId).isEqualTo("cp-1");
  }

  @Test
  void countsAndRoutesLateRecordsAndStillAppliesThemWhenNewerForTheVehicle() throws Exception {
    send(VehicleInput.of(parked("bus-1", 10, 50.0)));
    harness.processWatermark(at(30).toEpochMilli());
    send(VehicleInput.of(parked("bus-1", 20, 55.0)));

    ConcurrentLinkedQueue<StreamRecord<DeadLetter>> late = harness.getSideOutput(VehicleStateFunction.LATE);
    assertThat(late).hasSize(1);
    DeadLetter dl = late.peek().getValue();
    assertThat(dl.getErrorClass()).isEqualTo("LateRecord");
    assertThat(dl.getError()).contains("late by 600000 ms");
    assertThat(dl.getSourceTopic()).isEqualTo("vgf.telemetry.vehicle");
    assertThat(last().socPct).isEqualTo(55.0);
  }

  @Test
  void aLateRecordsUpdateIsEmittedAsOfTheNewestEventSoTheSiteOperatorsKeepIt() throws Exception {
    send(VehicleInput.of(parked("bus-1", 10, 50.0)));
    harness.processWatermark(at(30).toEpochMilli());
    // The fleet constraint was issued before the telemetry but arrives after the watermark passed it.
    send(VehicleInput.of(constraint("bus-1", 5, 300, 90)));
    VehicleSnapshot v = last();
    assertThat(v.departureMs).isEqualTo(at(300).toEpochMilli());
    // Dispatch and flexibility keep the newest snapshot per vehicle: stamped 5 min it would lose to the one of 10.
    assertThat(v.tsMs).isEqualTo(at(10).toEpochMilli());
  }

  @Test
  void flagsASocJumpThatChargingCannotExplainAndAcceptsItOnceConfirmed() throws Exception {
    send(VehicleInput.of(parked("bus-1", 0, 20.0)));
    // 5 minutes at 50 kW x 0.92 on 100 kWh can add about 3.8 % (+2 % tolerance), not 60 %.
    send(VehicleInput.of(parked("bus-1", 5, 80.0)));
    assertThat(last().socTrusted).isFalse();
    assertThat(last().sanityFlag).isEqualTo("soc-jump");
    assertThat(last().energyKwh).isEqualTo(20.0);

    send(VehicleInput.of(parked("bus-1", 6, 80.5)));
    assertThat(last().socTrusted).isTrue();
    assertThat(last().socPct).isEqualTo(80.5);
  }

  @Test
  void flagsAStuckSensorAndIntegratesTheChargersEnergyInstead() throws Exception {
    send(VehicleInput.of(status("cp-1", 0, ConnectorStatus.CHARGING, "bus-1")));
    send(VehicleInput.of(meter("cp-1", 0, 50, 1000.0, "bus-1")));
    send(VehicleInput.of(parked("bus-1", 0, 30.0)));
    send(VehicleInput.of(meter("cp-1", 10, 50, 1008.0, "bus-1")));
    send(VehicleInput.of(parked("bus-1", 10, 30.0)));

    assertThat(last().socTrusted).isFalse();
    assertThat(last().sanityFlag).isEqualTo("soc-stuck");
    assertThat(last().energyKwh).isCloseTo(30 + 8 * 0.92, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void unplugsWhenTheChargerBecomesAvailableAndLeavesTheSiteWhenDrivingAway() throws Exception {
    send(VehicleInput.of(parked("bus-1", 0, 30.0)));
    send(VehicleInput.of(status("cp-1", 1, ConnectorStatus.CHARGING, "bus-1")));
    send(VehicleInput.of(status("cp-1", 2, ConnectorStatus.AVAILABLE, "bus-1")));
    assertThat(last().pluggedIn).isFalse();

    send(VehicleInput.of(telemetry("bus-1", 3, 30.0, null, VehicleStatus.DRIVING)));
    assertThat(last().present).isFalse();
    assertThat(last().siteId).isEqualTo("depot-a");
  }

  @Test
  void restoresVehicleStateFromASnapshot() throws Exception {
    send(VehicleInput.of(parked("bus-1", 0, 30.0)));
    send(VehicleInput.of(status("cp-1", 1, ConnectorStatus.CHARGING, "bus-1")));
    send(VehicleInput.of(constraint("bus-1", 1, 360, 90)));
    OperatorSubtaskState snapshot = harness.snapshot(1L, at(2).toEpochMilli());
    harness.close();

    harness = newHarness();
    harness.initializeState(snapshot);
    harness.open();
    // A duplicate of a pre-snapshot record is still recognised after the restore.
    send(VehicleInput.of(status("cp-1", 1, ConnectorStatus.CHARGING, "bus-1")));
    assertThat(harness.extractOutputValues()).isEmpty();
    send(VehicleInput.of(parked("bus-1", 5, 32.0)));

    VehicleSnapshot v = last();
    assertThat(v.pluggedIn).isTrue();
    assertThat(v.chargerId).isEqualTo("cp-1");
    assertThat(v.departureMs).isEqualTo(at(360).toEpochMilli());
    assertThat(v.requiredSocPct).isEqualTo(90.0);
    assertThat(v.socPct).isEqualTo(32.0);
  }

  @Test
  void emitsOnEveryChangeTheSiteOperatorsUseAndNotBelowTheirResolution() {
    VehicleState s = new VehicleState();
    s.siteId = "depot-a";
    s.energyKwh = 100.0;
    s.chargerId = "cp-1";
    long base = VehicleStateFunction.emittedHash(s);
    s.energyKwh = 100.04; // below 0.1 kWh
    assertThat(VehicleStateFunction.emittedHash(s)).isEqualTo(base);
    List<java.util.function.Consumer<VehicleState>> changes = List.of(
        v -> v.siteId = "depot-b", v -> v.siteId = null, v -> v.energyKwh = 100.2, v -> v.socTrusted = false,
        v -> v.pluggedIn = true, v -> v.chargerId = "cp-2", v -> v.chargerId = null, v -> v.powerKw = 11.0,
        v -> v.departureMs = 3_600_000L, v -> v.requiredSocPct = 80.0, v -> v.hard = false);
    for (java.util.function.Consumer<VehicleState> change : changes) {
      VehicleState c = new VehicleState();
      c.siteId = "depot-a";
      c.energyKwh = 100.0;
      c.chargerId = "cp-1";
      change.accept(c);
      assertThat(VehicleStateFunction.emittedHash(c)).as("hash after a change").isNotEqualTo(base);
    }
  }
}
