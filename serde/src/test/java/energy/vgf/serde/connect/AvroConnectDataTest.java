package energy.vgf.serde.connect;

import static org.assertj.core.api.Assertions.assertThat;

import energy.vgf.charging.ChargerEnrollment;
import energy.vgf.flexibility.FlexibilityWindow;
import energy.vgf.grid.GridConstraint;
import energy.vgf.settlement.SettlementRecord;
import energy.vgf.telemetry.VehicleTelemetry;
import org.apache.avro.Schema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AvroConnectDataTest {

  @ParameterizedTest
  @ValueSource(classes = {VehicleTelemetry.class, GridConstraint.class, FlexibilityWindow.class,
      SettlementRecord.class, ChargerEnrollment.class})
  void contractSurvivesTheTripThroughConnectUnchanged(Class<?> type) throws Exception {
    Schema contract = new Schema.Parser().parse(
        AvroConnectDataTest.class.getResourceAsStream("/avro/" + type.getSimpleName() + ".avsc"));
    AvroConnectData data = new AvroConnectData();
    Schema back = data.toAvroSchema(data.toConnectSchema(contract));
    assertThat(back.toString()).isEqualTo(contract.toString());
  }
}
