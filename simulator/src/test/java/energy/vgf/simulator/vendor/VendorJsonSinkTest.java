package energy.vgf.simulator.vendor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import energy.vgf.simulator.Simulation;
import energy.vgf.simulator.scenario.ScenarioLoader;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Vendor shapes against the documented samples in src/test/resources/samples (from shared/samples). */
class VendorJsonSinkTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path dir;

  @BeforeAll
  static void generate() {
    try (VendorJsonSink sink = new VendorJsonSink(dir)) {
      new Simulation(ScenarioLoader.loadDefault().withDays(1).withVehicles(12)).run(sink);
    }
  }

  private static JsonNode sample(String name) throws Exception {
    try (InputStream in = VendorJsonSinkTest.class.getResourceAsStream("/samples/" + name)) {
      return JSON.readTree(in);
    }
  }

  private static List<JsonNode> lines(String file) throws Exception {
    return Files.readAllLines(dir.resolve(file)).stream().map(l -> {
      try {
        return JSON.readTree(l);
      } catch (Exception e) {
        throw new AssertionError("not JSON: " + l, e);
      }
    }).toList();
  }

  private static Set<String> fields(JsonNode n) {
    Set<String> s = new HashSet<>();
    n.fieldNames().forEachRemaining(s::add);
    return s;
  }

  @Test
  void samsaraStatsUseTheSampleFieldsAndMilliPercent() throws Exception {
    JsonNode sampleVehicle = sample("fleet_vehicles_stats_ev_reconstructed.json").get("data").get(0);
    List<JsonNode> lines = lines("samsara-vehicle-stats.jsonl");
    assertThat(lines).isNotEmpty();
    for (JsonNode n : lines.subList(0, 500)) {
      assertThat(sampleVehicle.fieldNames()).toIterable().containsAll(fields(n));
      assertThat(fields(sampleVehicle.get("gps"))).containsAll(fields(n.get("gps")));
      long milli = n.get("evStateOfChargeMilliPercent").get("value").asLong();
      assertThat(milli).isBetween(0L, 100_000L);
      assertThat(n.get("evChargingStatus").get("value").asInt()).isIn(0, 1, 2);
      assertThat(n.get("id").isTextual()).isTrue();
    }
  }

  @Test
  void geotabObjectsHaveExactlyTheSampleFields() throws Exception {
    Set<String> statusData = fields(sample("Get_StatusData_StateOfCharge_reconstructed.json").get("result").get(0));
    Set<String> deviceStatus = fields(sample("Get_DeviceStatusInfo_reconstructed.json").get("result").get(0));
    for (JsonNode n : lines("geotab-status-data.jsonl").subList(0, 500)) {
      assertThat(fields(n)).isEqualTo(statusData);
      assertThat(n.get("dateTime").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
      assertThat(n.get("diagnostic").get("id").asText()).isEqualTo("DiagnosticStateOfChargeId");
    }
    for (JsonNode n : lines("geotab-device-status-info.jsonl").subList(0, 500)) {
      assertThat(fields(n)).isEqualTo(deviceStatus);
      assertThat(n.get("currentStateDuration").asText()).matches("\\d{2,}:\\d\\d:\\d\\d");
    }
  }

  @Test
  void verizonConnectObjectsCarryLocationAndBatteryLevel() throws Exception {
    for (JsonNode n : lines("verizon-connect-location.jsonl").subList(0, 200)) {
      assertThat(fields(n)).contains("VehicleNumber", "Latitude", "Longitude", "Speed", "UpdateUTC", "DisplayState");
    }
    for (JsonNode n : lines("verizon-connect-status.jsonl").subList(0, 200)) {
      assertThat(n.get("BatteryLevel").asDouble()).isBetween(0.0, 100.0);
    }
  }

  @Test
  void timeSpansAreHoursMinutesSeconds() {
    assertThat(VendorJsonSink.timeSpan(7749)).isEqualTo("02:09:09");
    assertThat(VendorJsonSink.timeSpan(0)).isEqualTo("00:00:00");
    assertThat(VendorJsonSink.timeSpan(100 * 3600 + 61)).isEqualTo("100:01:01");
  }

  @Test
  void compassPointsFollowTheBearing() {
    assertThat(VendorJsonSink.compass(0)).isEqualTo("N");
    assertThat(VendorJsonSink.compass(92)).isEqualTo("E");
    assertThat(VendorJsonSink.compass(350)).isEqualTo("N");
    assertThat(VendorJsonSink.compass(225)).isEqualTo("SW");
  }
}
