package energy.vgf.serde;

import static org.assertj.core.api.Assertions.assertThat;

import energy.vgf.dispatch.DispatchSetpoint;
import energy.vgf.serde.connect.AvroConnectData;
import energy.vgf.serde.connect.VgfAvroConverter;
import energy.vgf.serde.flink.RegistryAvroDeserializationSchema;
import energy.vgf.serde.flink.RegistryAvroSerializationSchema;
import energy.vgf.serde.kafka.VgfAvroDeserializer;
import energy.vgf.serde.kafka.VgfAvroSerializer;
import energy.vgf.settlement.SettlementItem;
import energy.vgf.settlement.SettlementRecord;
import energy.vgf.telemetry.VehicleTelemetry;
import energy.vgf.testing.PlatformExtension;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Flink schemas and the Connect converter write the same frames as the Kafka serdes. */
@ExtendWith(PlatformExtension.class)
class FlinkAndConnectSerdesIT {

  static Map<String, String> config() {
    return Map.of("schema.registry.url", PlatformExtension.registryUrl());
  }

  @Test
  void flinkSchemasInteroperateWithTheKafkaSerdes() {
    DispatchSetpoint setpoint = SerdeFailuresIT.setpoint();
    RegistryAvroSerializationSchema<DispatchSetpoint> out =
        new RegistryAvroSerializationSchema<>("vgf.dispatch.setpoint", config());
    out.open(null);
    byte[] bytes = out.serialize(setpoint);
    assertThat(new VgfAvroDeserializer<DispatchSetpoint>(config(), false).deserialize("vgf.dispatch.setpoint", bytes))
        .isEqualTo(setpoint);

    RegistryAvroDeserializationSchema<DispatchSetpoint> in =
        new RegistryAvroDeserializationSchema<>(DispatchSetpoint.class, config());
    in.open(null);
    byte[] fromKafka = new VgfAvroSerializer<DispatchSetpoint>(config(), false).serialize("vgf.dispatch.setpoint", setpoint);
    assertThat(in.deserialize(fromKafka)).isEqualTo(setpoint);
    assertThat(in.getProducedType().getTypeClass()).isEqualTo(DispatchSetpoint.class);
  }

  @Test
  void connectStructsBuiltFromTheContractDecodeAsTheGeneratedClass() {
    AvroConnectData data = new AvroConnectData();
    org.apache.kafka.connect.data.Schema schema = data.toConnectSchema(VehicleTelemetry.getClassSchema());
    Struct struct = new Struct(schema)
        .put("provider", "SAMSARA")
        .put("vehicle_id", "van-7")
        .put("ts", Date.from(Instant.parse("2026-07-14T08:00:00Z")))
        .put("soc_pct", 81.5)
        .put("status", "PARKED");
    VgfAvroConverter converter = new VgfAvroConverter();
    converter.configure(config(), false);
    byte[] bytes = converter.fromConnectData("vgf.telemetry.vehicle", schema, struct);

    VehicleTelemetry decoded = new VgfAvroDeserializer<VehicleTelemetry>(config(), false)
        .deserialize("vgf.telemetry.vehicle", bytes);
    assertThat(decoded.getVehicleId()).isEqualTo("van-7");
    assertThat(decoded.getSocPct()).isEqualTo(81.5);
    assertThat(decoded.getTs()).isEqualTo(Instant.parse("2026-07-14T08:00:00Z"));
    assertThat(decoded.getStatus().name()).isEqualTo("PARKED");
    // The converter registered exactly the contract, not a look-alike.
    assertThat(WireFormat.schemaId(bytes)).isEqualTo(WireFormat.schemaId(
        new VgfAvroSerializer<VehicleTelemetry>(config(), false).serialize("vgf.telemetry.vehicle", decoded)));

    SchemaAndValue back = converter.toConnectData("vgf.telemetry.vehicle", bytes);
    assertThat(((Struct) back.value()).getString("vehicle_id")).isEqualTo("van-7");
    assertThat(((Struct) back.value()).get("ts")).isEqualTo(Date.from(Instant.parse("2026-07-14T08:00:00Z")));
  }

  @Test
  void decimalMoneyKeepsItsScaleThroughConnect() {
    SettlementRecord record = SettlementRecord.newBuilder().setRecordId("r1")
        .setPeriodStart(Instant.parse("2026-07-01T00:00:00Z")).setPeriodEnd(Instant.parse("2026-08-01T00:00:00Z"))
        .setFleetId("fleet-1").setItem(SettlementItem.PAYMENT).setQuantity(12.5).setQuantityUnit("kWh")
        .setAmountUsd(new BigDecimal("1234.5678")).setComputedAt(Instant.parse("2026-08-02T00:00:00Z"))
        .setInputSnapshots(Map.of("raw.meter", 42L)).build();
    byte[] bytes = new VgfAvroSerializer<SettlementRecord>(config(), false).serialize("vgf.settlement.record", record);
    VgfAvroConverter converter = new VgfAvroConverter();
    converter.configure(config(), false);
    Struct struct = (Struct) converter.toConnectData("vgf.settlement.record", bytes).value();
    assertThat(struct.get("amount_usd")).isEqualTo(new BigDecimal("1234.5678"));
    byte[] again = converter.fromConnectData("vgf.settlement.record", struct.schema(), struct);
    assertThat(new VgfAvroDeserializer<SettlementRecord>(config(), false).deserialize("vgf.settlement.record", again))
        .isEqualTo(record);
  }
}
