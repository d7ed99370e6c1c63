package energy.vgf.connectors.telematics.geotab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import energy.vgf.connectors.source.FeedItem;
import energy.vgf.connectors.source.JsonPayloads;
import energy.vgf.connectors.telematics.VehicleIds;
import energy.vgf.connectors.testing.ReplayServer;
import energy.vgf.telemetry.TelematicsProvider;
import energy.vgf.telemetry.VehicleStatus;
import energy.vgf.telemetry.VehicleTelemetry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GeotabFeedMapperTest {

  private final GeotabFeedMapper mapper = new GeotabFeedMapper(new VehicleIds("geotab-", Map.of("b1A", "bus-07"),
      "fleet-sj"));

  private static List<VehicleTelemetry> values(List<FeedItem> items) {
    return items.stream().map(i -> (VehicleTelemetry) ((FeedItem.Mapped) i).value()).toList();
  }

  @Test
  void mapsStateOfChargeStatusData() throws Exception {
    JsonNode result = JsonPayloads.MAPPER.readTree(
        ReplayServer.sample("geotab/Get_StatusData_StateOfCharge_reconstructed.json")).get("result");

    List<VehicleTelemetry> out = values(mapper.mapStatusData(result));

    assertThat(out).extracting(VehicleTelemetry::getVehicleId).containsExactly("bus-07", "geotab-b2C");
    assertThat(out).extracting(VehicleTelemetry::getSocPct).containsExactly(63.5, 21.0);
    assertThat(out).extracting(VehicleTelemetry::getTs).containsExactly(Instant.parse("2026-11-25T22:05:11Z"),
        Instant.parse("2026-11-25T22:04:40Z"));
    assertThat(out).allSatisfy(t -> {
      assertThat(t.getProvider()).isEqualTo(TelematicsProvider.GEOTAB);
      assertThat(t.getFleetId()).isEqualTo("fleet-sj");
      assertThat(t.getLatitudeDeg()).isNull();
    });
  }

  @Test
  void mapsLogRecordsWithSpeedInKilometresPerHour() throws Exception {
    // LogRecord fields as in the DeviceStatusInfo sample's positions (latitude, longitude, speed km/h).
    List<VehicleTelemetry> out = values(mapper.mapLogRecords(JsonPayloads.MAPPER.readTree("""
        [{"id":"b7","dateTime":"2026-11-25T22:04:56.000Z","device":{"id":"b2C"},"latitude":37.3512,
          "longitude":-121.9533,"speed":52},
         {"id":"b8","dateTime":"2026-11-25T22:05:08.000Z","device":{"id":"b1A"},"latitude":37.3379,
          "longitude":-121.8863,"speed":0}]""")));
    assertThat(out.get(0).getSpeedKmh()).isEqualTo(52.0);
    assertThat(out.get(0).getStatus()).isEqualTo(VehicleStatus.DRIVING);
    assertThat(out.get(1).getLatitudeDeg()).isEqualTo(37.3379);
    assertThat(out.get(1).getStatus()).isEqualTo(VehicleStatus.PARKED);
  }

  @Test
  void convertsTheOdometerFromMetresAndRejectsAnImpossibleStateOfCharge() throws Exception {
    List<FeedItem> out = mapper.mapStatusData(JsonPayloads.MAPPER.readTree("""
        [{"id":"s1","data":123456.0,"dateTime":"2026-11-25T22:00:00.000Z","device":{"id":"b2C"},
          "diagnostic":{"id":"DiagnosticOdometerId"}},
         {"id":"s2","data":180.0,"dateTime":"2026-11-25T22:00:00.000Z","device":{"id":"b2C"},
          "diagnostic":{"id":"DiagnosticStateOfChargeId"}}]"""));
    assertThat(((VehicleTelemetry) ((FeedItem.Mapped) out.get(0)).value()).getOdometerKm()).isEqualTo(123.456);
    assertThat(((FeedItem.Rejected) out.get(1)).reason()).contains("StatusData s2").contains("outside 0..100");
  }

  @Test
  void readsTheExceptionTypeOfBothJsonRpcErrorForms() throws Exception {
    assertThat(GeotabApi.errorType(JsonPayloads.MAPPER.readTree(
        "{\"code\":-32000,\"message\":\"x\",\"data\":{\"type\":\"InvalidUserException\"}}")))
        .isEqualTo("InvalidUserException");
    assertThat(GeotabApi.errorType(JsonPayloads.MAPPER.readTree(
        "{\"code\":-32000,\"message\":\"x\",\"errors\":[{\"name\":\"OverLimitException\"}]}")))
        .isEqualTo("OverLimitException");
  }
}
