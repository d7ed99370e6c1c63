package energy.vgf.ocpp.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import energy.vgf.ocpp.rpc.FrameCodec;
import energy.vgf.ocpp.rpc.OcppVersion;
import energy.vgf.ocpp.rpc.RpcException;
import java.util.List;
import org.junit.jupiter.api.Test;

class MeterValueParserTest {
  @Test
  void reads16DefaultsUnitsAndPhases() {
    List<MeterSample> s = MeterValueParser.parse(OcppVersion.V16, FrameCodec.MAPPER.readTree("""
        [{"timestamp":"2025-01-01T10:00:00Z","sampledValue":[
          {"value":"12345"},
          {"value":"3.6","measurand":"Power.Active.Import","unit":"kW","phase":"L1"},
          {"value":"3.6","measurand":"Power.Active.Import","unit":"kW","phase":"L2"},
          {"value":"16","measurand":"Current.Import","phase":"L1"},
          {"value":"15","measurand":"Current.Import","phase":"L2"},
          {"value":"55","measurand":"SoC","unit":"Percent"}]}]"""));
    MeterSample m = s.get(0);
    assertThat(m.energyImportKwh()).isEqualTo(12.345);
    assertThat(m.powerImportKw()).isEqualTo(7.2);
    assertThat(m.currentA()).isEqualTo(16.0);
    assertThat(m.socPct()).isEqualTo(55.0);
  }

  @Test
  void reads2xMultipliers() {
    List<MeterSample> s = MeterValueParser.parse(OcppVersion.V201, FrameCodec.MAPPER.readTree("""
        [{"timestamp":"2025-01-01T10:00:00Z","sampledValue":[
          {"value":12.5,"measurand":"Energy.Active.Import.Register","unitOfMeasure":{"unit":"Wh","multiplier":3}},
          {"value":-6000,"measurand":"Power.Active.Import"}]}]"""));
    assertThat(s.get(0).energyImportKwh()).isEqualTo(12.5);
    assertThat(s.get(0).powerImportKw()).isEqualTo(-6.0);
  }

  @Test
  void refusesNonNumeric16Values() {
    assertThatThrownBy(() -> MeterValueParser.parse(OcppVersion.V16, FrameCodec.MAPPER.readTree(
        "[{\"timestamp\":\"2025-01-01T10:00:00Z\",\"sampledValue\":[{\"value\":\"lots\"}]}]")))
        .isInstanceOf(RpcException.class).hasMessageContaining("not a number");
  }
}
