package energy.vgf.optimizer.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import energy.vgf.optimizer.generate.InstanceGenerator;
import org.junit.jupiter.api.Test;

class InstanceJsonTest {
  private static final String VEHICLE_OK =
      "{\"id\":\"van-1\",\"arrival\":0,\"departure\":4,\"energy_kwh\":10,\"required_kwh\":20,\"capacity_kwh\":60,\"max_charge_kw\":11}";

  private static String instance(String vehicle, String extra) {
    return "{\"interval_minutes\":15,\"horizon\":4,\"start\":\"2025-01-15T00:00:00Z\","
        + "\"site\":{\"import_limit_kw\":100,\"base_load_kw\":[1,2,3,4]},"
        + "\"prices\":{\"import_per_kwh\":[0.1,0.2,0.3,0.1],\"export_per_kwh\":[0.05,0.05,0.05,0.05]},"
        + extra + "\"vehicles\":[" + VEHICLE_OK + "," + vehicle + "]}";
  }

  private static String bus(String fields) {
    return "{\"id\":\"bus-17\",\"arrival\":0,\"departure\":4,\"energy_kwh\":10,\"required_kwh\":20,"
        + "\"capacity_kwh\":200,\"max_charge_kw\":60" + fields + "}";
  }

  @Test
  void readsBackWhatItWrites() {
    Instance in = InstanceGenerator.generate(20, 48, 3);
    Instance again = InstanceJson.parse(InstanceJson.toJson(in));
    assertThat(InstanceJson.toJson(again)).isEqualTo(InstanceJson.toJson(in));
  }

  @Test
  void rejectsDepartureBeforeArrivalNamingTheVehicle() {
    assertThatThrownBy(() -> InstanceJson.parse(instance(bus(",\"arrival\":3,\"departure\":2").replace("\"arrival\":0,\"departure\":4,", ""), "")))
        .isInstanceOf(InvalidInstanceException.class)
        .hasMessage("vehicles[1] (bus-17).departure 2 is before arrival 3");
  }

  @Test
  void rejectsNegativeCapacity() {
    assertThatThrownBy(() -> InstanceJson.parse(instance(bus("").replace("\"capacity_kwh\":200", "\"capacity_kwh\":-5"), "")))
        .isInstanceOf(InvalidInstanceException.class)
        .hasMessageStartingWith("vehicles[1] (bus-17).capacity_kwh -5.0");
  }

  @Test
  void rejectsRequiredAboveCapacity() {
    assertThatThrownBy(() -> InstanceJson.parse(instance(bus("").replace("\"required_kwh\":20", "\"required_kwh\":250"), "")))
        .isInstanceOf(InvalidInstanceException.class)
        .hasMessageStartingWith("vehicles[1] (bus-17).required_kwh 250.0");
  }

  @Test
  void rejectsArrayOfTheWrongLength() {
    assertThatThrownBy(() -> InstanceJson.parse(instance(bus(""), "").replace("[1,2,3,4]", "[1,2,3]")))
        .isInstanceOf(InvalidInstanceException.class)
        .hasMessage("site.base_load_kw has length 3, expected horizon 4");
  }

  @Test
  void rejectsUnknownCharger() {
    String chargers = "\"chargers\":[{\"id\":\"c-1\",\"max_kw\":50}],";
    assertThatThrownBy(() -> InstanceJson.parse(instance(bus(",\"charger\":\"c-9\""), chargers)))
        .isInstanceOf(InvalidInstanceException.class)
        .hasMessage("vehicles[1] (bus-17).charger 'c-9' is not a known charger");
  }

  @Test
  void rejectsExportPriceAboveImportPrice() {
    assertThatThrownBy(() -> InstanceJson.parse(instance(bus(""), "").replace("[0.05,0.05,0.05,0.05]", "[0.05,0.25,0.05,0.05]")))
        .isInstanceOf(InvalidInstanceException.class)
        .hasMessage("prices.export_per_kwh[1] 0.25 is above import_per_kwh 0.2");
  }
}
