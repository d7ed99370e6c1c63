package energy.vgf.flink.vehicle;

import static energy.vgf.flink.Fixtures.at;
import static energy.vgf.flink.Fixtures.config;
import static energy.vgf.flink.Fixtures.constraint;
import static energy.vgf.flink.Fixtures.parked;
import static energy.vgf.flink.Fixtures.status;
import static org.assertj.core.api.Assertions.assertThat;

import energy.vgf.charging.ConnectorStatus;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The production state backend (state.backend=rocksdb): the vehicle state's POJO and Avro serializers go through
 * RocksDB on every access (not only at checkpoints, as on the heap), and a snapshot restores.
 */
class VehicleStateOnRocksDbTest {

  private KeyedOneInputStreamOperatorTestHarness<String, VehicleInput, VehicleSnapshot> harness;

  @AfterEach
  void close() throws Exception {
    if (harness != null) {
      harness.close();
    }
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, VehicleInput, VehicleSnapshot> rocksDbHarness() throws Exception {
    var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new VehicleStateFunction(config())),
        VehicleInput::vehicleId, Types.STRING);
    h.setStateBackend(new EmbeddedRocksDBStateBackend(true));
    return h;
  }

  private void send(VehicleInput in) throws Exception {
    harness.processElement(in, in.eventTime().toEpochMilli());
  }

  @Test
  void restoresVehicleStateFromARocksDbSnapshot() throws Exception {
    harness = rocksDbHarness();
    harness.open();
    send(VehicleInput.of(parked("bus-1", 0, 30.0)));
    send(VehicleInput.of(status("cp-1", 1, ConnectorStatus.CHARGING, "bus-1")));
    send(VehicleInput.of(constraint("bus-1", 1, 360, 90)));
    send(VehicleInput.of(parked("bus-2", 0, 55.0)));
    OperatorSubtaskState snapshot = harness.snapshot(1L, at(2).toEpochMilli());
    harness.close();

    harness = rocksDbHarness();
    harness.initializeState(snapshot);
    harness.open();
    // The de-duplication ring came back: a pre-snapshot record is still a duplicate.
    send(VehicleInput.of(status("cp-1", 1, ConnectorStatus.CHARGING, "bus-1")));
    assertThat(harness.extractOutputValues()).isEmpty();
    send(VehicleInput.of(parked("bus-1", 5, 32.0)));
    send(VehicleInput.of(parked("bus-2", 5, 56.0)));

    List<VehicleSnapshot> out = harness.extractOutputValues();
    VehicleSnapshot bus1 = out.stream().filter(v -> v.vehicleId.equals("bus-1")).findFirst().orElseThrow();
    assertThat(bus1.pluggedIn).isTrue();
    assertThat(bus1.chargerId).isEqualTo("cp-1");
    assertThat(bus1.departureMs).isEqualTo(at(360).toEpochMilli());
    assertThat(bus1.socPct).isEqualTo(32.0);
    VehicleSnapshot bus2 = out.stream().filter(v -> v.vehicleId.equals("bus-2")).findFirst().orElseThrow();
    assertThat(bus2.pluggedIn).isFalse();
    assertThat(bus2.socPct).isEqualTo(56.0);
  }
}
