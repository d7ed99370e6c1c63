package energy.vgf.flink.vehicle;

import static energy.vgf.flink.Fixtures.constraint;
import static energy.vgf.flink.Fixtures.meter;
import static energy.vgf.flink.Fixtures.parked;
import static energy.vgf.flink.Fixtures.session;
import static energy.vgf.flink.Fixtures.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import energy.vgf.charging.ConnectorStatus;
import energy.vgf.charging.SessionEvent;
import energy.vgf.telemetry.TelematicsProvider;
import energy.vgf.telemetry.VehicleStatus;
import energy.vgf.telemetry.VehicleTelemetry;
import java.time.Instant;
import java.io.IOException;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class VehicleInputSerializerTest {

  private static final List<VehicleInput> ALL = List.of(
      VehicleInput.of(parked("bus-1", 3, 55.5)),
      VehicleInput.of(status("cp-1", 4, ConnectorStatus.CHARGING, "bus-1")),
      VehicleInput.of(session("cp-1", 5, SessionEvent.STARTED, "bus-1")),
      VehicleInput.of(meter("cp-1", 6, 42.0, 12.5, "bus-1")),
      VehicleInput.of(constraint("bus-1", 1, 600, 90)));

  @Test
  void isWhatFlinkUsesForVehicleInput() {
    TypeSerializer<VehicleInput> s = TypeInformation.of(VehicleInput.class).createSerializer(new SerializerConfigImpl());
    assertThat(s).isInstanceOf(VehicleInputSerializer.class);
  }

  @Test
  void survivesJavaSerializationAsPartOfTheJobGraphAfterUse() throws Exception {
    VehicleInputSerializer used = new VehicleInputSerializer();
    DataOutputSerializer out = new DataOutputSerializer(256);
    used.serialize(ALL.get(0), out);
    used.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    VehicleInputSerializer shipped = org.apache.flink.util.InstantiationUtil.clone(used);
    VehicleInput read = shipped.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    assertThat(read.record()).isEqualTo(ALL.get(0).record());
  }

  @Test
  void roundTripsEveryKindOfVehicleEventThroughOneBuffer() throws IOException {
    VehicleInputSerializer s = new VehicleInputSerializer();
    DataOutputSerializer out = new DataOutputSerializer(256);
    for (VehicleInput in : ALL) {
      s.serialize(in, out);
    }
    DataInputDeserializer back = new DataInputDeserializer(out.getCopyOfBuffer());
    for (VehicleInput in : ALL) {
      VehicleInput read = s.deserialize(back);
      assertThat(read.record()).isEqualTo(in.record());
      assertThat(read.sourceTopic()).isEqualTo(in.sourceTopic());
      assertThat(read.fingerprint()).isEqualTo(in.fingerprint());
    }
    assertThat(back.available()).isZero();
  }

  @Test
  void writesTelemetryFieldByFieldAndKeepsEveryField() throws IOException {
    // If this fails, the VehicleTelemetry contract changed: update TELEMETRY_FIELDS, writeTelemetry and readTelemetry.
    assertThat(VehicleInputSerializer.DIRECT_TELEMETRY).as("the direct telemetry format matches the generated contract").isTrue();
    VehicleTelemetry full = VehicleTelemetry.newBuilder().setProvider(TelematicsProvider.GEOTAB).setVehicleId("bus-ü-17")
        .setTs(Instant.parse("2026-01-15T06:30:12.345Z")).setSocPct(61.5).setOdometerKm(120_345.6).setLatitudeDeg(37.77)
        .setLongitudeDeg(-122.41).setSpeedKmh(0.0).setStatus(VehicleStatus.CHARGING).setDepotId("depot-a")
        .setFleetId("fleet-1").setAmbientTempC(-4.5).build();
    VehicleTelemetry sparse = VehicleTelemetry.newBuilder().setProvider(TelematicsProvider.OTHER).setVehicleId("van-2")
        .setTs(Instant.parse("2026-01-15T06:30:00Z")).setStatus(VehicleStatus.UNKNOWN).build();
    VehicleInputSerializer s = new VehicleInputSerializer();
    for (VehicleTelemetry t : List.of(full, sparse)) {
      DataOutputSerializer out = new DataOutputSerializer(64);
      s.serialize(VehicleInput.of(t), out);
      assertThat(s.deserialize(new DataInputDeserializer(out.getCopyOfBuffer())).telemetry).isEqualTo(t);
    }
  }

  @Test
  void copiesDeeply() {
    VehicleInput in = ALL.get(0);
    VehicleInput copy = new VehicleInputSerializer().copy(in);
    assertThat(copy.telemetry).isEqualTo(in.telemetry).isNotSameAs(in.telemetry);
  }

  @Test
  void refusesAnEmptyInput() {
    assertThatThrownBy(() -> new VehicleInputSerializer().serialize(new VehicleInput(), new DataOutputSerializer(16)))
        .isInstanceOf(IOException.class).hasMessageContaining("no record");
  }

  @Test
  void keepsNullEmptyLongAndNonAsciiStringsApart() throws IOException {
    String longId = "vehicle-" + "x".repeat(300); // a length beyond one varint byte
    VehicleInputSerializer s = new VehicleInputSerializer();
    for (String[] ids : List.of(new String[] {"", null}, new String[] {longId, ""}, new String[] {"b\u00fcs-\u6771", longId})) {
      VehicleTelemetry t = VehicleTelemetry.newBuilder().setProvider(TelematicsProvider.SAMSARA).setVehicleId(ids[0])
          .setTs(Instant.parse("2026-01-15T06:30:00Z")).setStatus(VehicleStatus.PARKED).setDepotId(ids[1]).setFleetId(ids[0]).build();
      DataOutputSerializer out = new DataOutputSerializer(16);
      s.serialize(VehicleInput.of(t), out);
      out.writeInt(42); // what follows in the buffer is read intact
      DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
      assertThat(s.deserialize(in).telemetry).isEqualTo(t);
      assertThat(in.readInt()).isEqualTo(42);
    }
  }
}
