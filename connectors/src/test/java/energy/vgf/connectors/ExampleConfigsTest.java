package energy.vgf.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Connector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every example in config/ names a connector of this module (or Iceberg's sink) and passes its ConfigDef. */
class ExampleConfigsTest {

  static Stream<Path> examples() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(Path.of("config"))) {
      files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    }
    assertThat(files).hasSizeGreaterThanOrEqualTo(13);
    return files.stream();
  }

  @ParameterizedTest
  @MethodSource("examples")
  void validatesAgainstItsConnectorsConfigDef(Path example) throws Exception {
    JsonNode doc = new ObjectMapper().readTree(Files.readString(example));
    Map<String, String> config = new HashMap<>();
    // Secrets come from a config provider on the worker; any value stands in for them here.
    doc.get("config").fields().forEachRemaining(e -> config.put(e.getKey(),
        e.getValue().asText().startsWith("${file:") ? "secret" : e.getValue().asText()));
    String connectorClass = config.get("connector.class");
    if (connectorClass.startsWith("org.apache.iceberg.")) {
      return; // IcebergSinkIT runs it
    }
    Connector connector = (Connector) Class.forName(connectorClass).getDeclaredConstructor().newInstance();
    List<ConfigValue> values = connector.config().validate(config);
    assertThat(values).allSatisfy(v -> assertThat(v.errorMessages()).as(example + " " + v.name()).isEmpty());
    connector.start(config);
    assertThat(connector.taskConfigs(2)).isNotEmpty();
  }
}
