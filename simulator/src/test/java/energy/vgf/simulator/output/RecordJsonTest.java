package energy.vgf.simulator.output;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import energy.vgf.grid.BaselineMethod;
import energy.vgf.grid.ConstraintKind;
import energy.vgf.grid.GridConstraint;
import energy.vgf.telemetry.TelematicsProvider;
import energy.vgf.telemetry.VehicleStatus;
import energy.vgf.telemetry.VehicleTelemetry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class RecordJsonTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void writesSchemaFieldNamesBareUnionsAndIsoTimestamps() throws Exception {
    VehicleTelemetry t = new VehicleTelemetry(TelematicsProvider.SIMULATOR, "bus \"7\"", Instant.parse("2026-01-12T08:00:30Z"),
        63.5, 1234.567, 34.05, -118.25, null, VehicleStatus.CHARGING, null, "f", -3.2);
    JsonNode n = JSON.readTree(RecordJson.toJson(t));
    List<String> names = new ArrayList<>();
    n.fieldNames().forEachRemaining(names::add);
    assertThat(names).containsExactlyElementsOf(t.getSchema().getFields().stream().map(Schema.Field::name).toList());
    assertThat(n.get("ts").asText()).isEqualTo("2026-01-12T08:00:30Z");
    assertThat(n.get("soc_pct").asDouble()).isEqualTo(63.5);
    assertThat(n.get("speed_kmh").isNull()).isTrue();
    assertThat(n.get("status").asText()).isEqualTo("CHARGING");
    assertThat(n.get("vehicle_id").asText()).isEqualTo("bus \"7\"");
    assertThat(n.get("ambient_temp_c").asDouble()).isEqualTo(-3.2);
  }

  @Test
  void escapesAndEncodesAnyText() throws Exception {
    String id = "d\u00e9p\u00f4t \\ \"7\"\n\u0001 \ud83d\ude8c";
    VehicleTelemetry t = new VehicleTelemetry(TelematicsProvider.SIMULATOR, id, Instant.parse("2026-01-12T08:00:30.250Z"),
        null, null, null, null, null, VehicleStatus.PARKED, null, null, null);
    JsonNode n = JSON.readTree(RecordJson.toJson(t).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(n.get("vehicle_id").asText()).isEqualTo(id);
    assertThat(n.get("ts").asText()).isEqualTo("2026-01-12T08:00:30.250Z");
  }

  @Test
  void writesArraysOfStrings() throws Exception {
    GridConstraint g = new GridConstraint("c", ConstraintKind.FEEDER_LIMIT, "f", List.of("a", "b"), Instant.EPOCH,
        Instant.ofEpochSecond(3600), 100.0, null, null, BaselineMethod.NONE, null, null, "t", Instant.EPOCH);
    JsonNode n = JSON.readTree(RecordJson.toJson(g));
    assertThat(n.get("site_ids")).hasSize(2);
    assertThat(n.get("valid_from").asText()).isEqualTo("1970-01-01T00:00:00Z");
  }

  @Test
  void numbersReadBackAsTheSameDouble() {
    SplittableRandom r = new SplittableRandom(1);
    for (int i = 0; i < 200_000; i++) {
      double d = switch (i % 4) {
        case 0 -> Math.round(r.nextDouble(-1000, 1000) * 100) / 100.0;
        case 1 -> Math.round(r.nextDouble(-200, 200) * 1e6) / 1e6;
        case 2 -> r.nextDouble(-1e6, 1e6);
        default -> r.nextDouble() * 1e-7;
      };
      StringBuilder sb = new StringBuilder();
      RecordJson.number(sb, d);
      assertThat(Double.parseDouble(sb.toString())).as(sb.toString()).isEqualTo(d);
    }
    StringBuilder sb = new StringBuilder();
    RecordJson.number(sb, -0.05);
    sb.append(' ');
    RecordJson.number(sb, 41136.0);
    sb.append(' ');
    RecordJson.number(sb, 1.005);
    assertThat(sb.toString()).isEqualTo("-0.05 41136.0 1.005");
  }
}
