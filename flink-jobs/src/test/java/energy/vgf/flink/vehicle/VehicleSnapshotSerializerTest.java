package energy.vgf.flink.vehicle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class VehicleSnapshotSerializerTest {

  static VehicleSnapshot full() {
    VehicleSnapshot v = new VehicleSnapshot();
    v.vehicleId = "bus-\u00fc-17";
    v.siteId = "depot-a";
    v.present = true;
    v.tsMs = 1_768_458_612_345L;
    v.energyKwh = 123.456;
    v.socPct = 61.5;
    v.socTrusted = false;
    v.sanityFlag = "soc-jump";
    v.pluggedIn = true;
    v.chargerId = "cp-3";
    v.powerKw = -42.5;
    v.departureMs = 1_768_480_000_000L;
    v.requiredSocPct = 90.0;
    v.hard = false;
    v.capacityKwh = 440;
    v.maxChargeKw = 150;
    v.maxDischargeKw = 60;
    v.efficiency = 0.92;
    v.minSocPct = 10;
    return v;
  }

  static VehicleSnapshot sparse() {
    VehicleSnapshot v = new VehicleSnapshot();
    v.vehicleId = "van-2";
    v.hard = true;
    v.energyKwh = 0.1;
    return v;
  }

  @Test
  void coversEveryFieldOfVehicleSnapshot() {
    // If this fails, VehicleSnapshot gained or lost a field: update FIELDS, write, read and copyOf.
    assertThat(VehicleSnapshotSerializer.DIRECT).as("the wire format matches VehicleSnapshot's fields").isTrue();
    assertThat(VehicleSnapshotSerializer.TYPE.createSerializer(new org.apache.flink.api.common.serialization.SerializerConfigImpl()))
        .isInstanceOf(VehicleSnapshotSerializer.class);
  }

  @Test
  void roundTripsFullAndSparseSnapshotsThroughOneBuffer() throws IOException {
    VehicleSnapshotSerializer s = new VehicleSnapshotSerializer();
    List<VehicleSnapshot> all = List.of(full(), sparse(), full());
    DataOutputSerializer out = new DataOutputSerializer(64);
    for (VehicleSnapshot v : all) {
      s.serialize(v, out);
    }
    DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
    for (VehicleSnapshot v : all) {
      assertThat(s.deserialize(in)).usingRecursiveComparison().isEqualTo(v);
    }
    assertThat(in.available()).isZero();
  }

  @Test
  void copiesEveryField() {
    VehicleSnapshot v = full();
    VehicleSnapshot c = new VehicleSnapshotSerializer().copy(v);
    assertThat(c).isNotSameAs(v).usingRecursiveComparison().isEqualTo(v);
  }

  @Test
  void copiesSerializedBytesUnchanged() throws IOException {
    VehicleSnapshotSerializer s = new VehicleSnapshotSerializer();
    DataOutputSerializer out = new DataOutputSerializer(64);
    s.serialize(full(), out);
    DataOutputSerializer copied = new DataOutputSerializer(64);
    s.copy(new DataInputDeserializer(out.getCopyOfBuffer()), copied);
    assertThat(copied.getCopyOfBuffer()).isEqualTo(out.getCopyOfBuffer());
  }
}
