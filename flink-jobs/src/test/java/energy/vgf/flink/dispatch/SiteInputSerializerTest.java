package energy.vgf.flink.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import energy.vgf.flink.vehicle.AckEvent;
import energy.vgf.flink.vehicle.VehicleSnapshot;
import java.io.IOException;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class SiteInputSerializerTest {

  private static SiteInput vehicle() {
    VehicleSnapshot v = new VehicleSnapshot();
    v.vehicleId = "bus-1";
    v.siteId = "depot-a";
    v.present = true;
    v.tsMs = 42;
    v.energyKwh = 100.5;
    v.socPct = 50.25;
    v.pluggedIn = true;
    v.chargerId = "cp-1";
    v.departureMs = 3_600_000L;
    v.capacityKwh = 200;
    return SiteInput.of(v);
  }

  private static SiteInput ack(String detail) {
    AckEvent a = new AckEvent();
    a.siteId = "depot-a";
    a.chargerId = "cp-1";
    a.setpointId = "depot-a@2026-01-15T06:30:00Z/cp-1/0";
    a.status = "REJECTED";
    a.tsMs = 1_768_458_600_000L;
    a.detail = detail;
    return SiteInput.of(a);
  }

  @Test
  void isWhatTheEdgesIntoDispatchUse() {
    // If this fails, AckEvent or VehicleSnapshot changed: update SiteInputSerializer / VehicleSnapshotSerializer.
    assertThat(SiteInputSerializer.DIRECT).isTrue();
    assertThat(SiteInputSerializer.TYPE.createSerializer(new SerializerConfigImpl())).isInstanceOf(SiteInputSerializer.class);
  }

  @Test
  void roundTripsVehiclesAndAcksThroughOneBuffer() throws IOException {
    SiteInputSerializer s = new SiteInputSerializer();
    List<SiteInput> all = List.of(vehicle(), ack("profile rejected"), ack(null), vehicle());
    DataOutputSerializer out = new DataOutputSerializer(64);
    for (SiteInput in : all) {
      s.serialize(in, out);
    }
    DataInputDeserializer back = new DataInputDeserializer(out.getCopyOfBuffer());
    for (SiteInput in : all) {
      SiteInput read = s.deserialize(back);
      assertThat(read).usingRecursiveComparison().isEqualTo(in);
      assertThat(read.siteId()).isEqualTo("depot-a");
    }
    assertThat(back.available()).isZero();
  }

  @Test
  void copiesDeeply() {
    SiteInput in = ack("x");
    SiteInput c = new SiteInputSerializer().copy(in);
    assertThat(c.ack).isNotSameAs(in.ack);
    assertThat(c).usingRecursiveComparison().isEqualTo(in);
  }

  @Test
  void refusesAnEmptyInput() {
    assertThatThrownBy(() -> new SiteInputSerializer().serialize(new SiteInput(), new DataOutputSerializer(16)))
        .isInstanceOf(IOException.class).hasMessageContaining("neither");
  }
}
