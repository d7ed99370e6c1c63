package energy.vgf.serde;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import energy.vgf.dispatch.DispatchSetpoint;
import energy.vgf.serde.kafka.VgfAvroDeserializer;
import energy.vgf.serde.kafka.VgfAvroSerializer;
import energy.vgf.testing.PlatformExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Interoperability with a Confluent client written elsewhere: the npm package
 * {@code @kafkajs/confluent-schema-registry} registers and encodes, Java decodes, and the reverse.
 */
@ExtendWith(PlatformExtension.class)
class ConfluentJsClientInteropIT {

  private static final Path JS_DIR = Path.of("src/test/js").toAbsolutePath();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOPIC = "vgf.dispatch.setpoint";

  @BeforeAll
  static void installTheJsClient() throws Exception {
    if (!Files.isDirectory(JS_DIR.resolve("node_modules/@kafkajs/confluent-schema-registry"))) {
      run(List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"), 300);
    }
  }

  @Test
  void javaDecodesWhatTheJsClientRegisteredAndEncoded() throws Exception {
    Path payload = Files.createTempFile("setpoint", ".json");
    Files.writeString(payload, """
        {"setpoint_id":"js-1","plan_id":"plan-js","site_id":"depot-b","charger_id":"cp-9","connector_id":2,
         "vehicle_id":null,"power_kw":-7.2,"valid_from":1783065600000,"valid_to":1783066500000,
         "reason":"MANUAL_OVERRIDE","created_at":1783065540000}""");
    Path schema = Path.of("../schemas/avro/DispatchSetpoint.avsc").toAbsolutePath();
    JsonNode answer = JSON.readTree(run(List.of("node", "interop.js", "encode", PlatformExtension.registryUrl(),
        TOPIC + "-value", schema.toString(), payload.toString()), 60));

    byte[] bytes = HexFormat.of().parseHex(answer.path("hex").asText());
    DispatchSetpoint decoded = new VgfAvroDeserializer<DispatchSetpoint>(config(), false).deserialize(TOPIC, bytes);
    assertThat(decoded.getSetpointId()).isEqualTo("js-1");
    assertThat(decoded.getConnectorId()).isEqualTo(2);
    assertThat(decoded.getPowerKw()).isEqualTo(-7.2);
    assertThat(decoded.getValidFrom()).isEqualTo(Instant.ofEpochMilli(1783065600000L));
    assertThat(decoded.getReason().name()).isEqualTo("MANUAL_OVERRIDE");

    // Both ecosystems register the same contract, so they share one schema id.
    byte[] javaBytes = new VgfAvroSerializer<DispatchSetpoint>(config(), false).serialize(TOPIC, decoded);
    assertThat(WireFormat.schemaId(javaBytes)).isEqualTo(answer.path("id").asInt());
    assertThat(javaBytes).isEqualTo(bytes);
  }

  @Test
  void theJsClientDecodesWhatJavaEncoded() throws Exception {
    DispatchSetpoint setpoint = SerdeFailuresIT.setpoint();
    byte[] bytes = new VgfAvroSerializer<DispatchSetpoint>(config(), false).serialize(TOPIC, setpoint);
    JsonNode decoded = JSON.readTree(run(List.of("node", "interop.js", "decode", PlatformExtension.registryUrl(),
        HexFormat.of().formatHex(bytes)), 60));
    assertThat(decoded.path("setpoint_id").asText()).isEqualTo("sp-1");
    assertThat(decoded.path("charger_id").asText()).isEqualTo("cp-1");
    assertThat(decoded.path("power_kw").asDouble()).isEqualTo(-11.5);
    assertThat(decoded.path("valid_to").asLong()).isEqualTo(Instant.parse("2026-07-01T06:15:00Z").toEpochMilli());
    assertThat(decoded.path("reason").asText()).isEqualTo("OPTIMIZER");
  }

  private static Map<String, Object> config() {
    return Map.of("schema.registry.url", PlatformExtension.registryUrl());
  }

  private static String run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
    Path log = Files.createTempFile("interop", ".err");
    Process process = new ProcessBuilder(new ArrayList<>(command)).directory(JS_DIR.toFile())
        .redirectError(log.toFile()).start();
    byte[] out = process.getInputStream().readAllBytes();
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(command + " did not finish within " + timeoutSeconds + " s");
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException(command + " failed (exit " + process.exitValue() + "): "
          + Files.readString(log, StandardCharsets.UTF_8));
    }
    return new String(out, StandardCharsets.UTF_8);
  }
}
