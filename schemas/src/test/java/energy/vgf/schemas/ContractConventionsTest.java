package energy.vgf.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The conventions every event contract follows (docs, namespaces, UTC timestamps). */
class ContractConventionsTest {

  static Stream<Path> contracts() throws IOException {
    return Files.list(Path.of("avro")).filter(p -> p.toString().endsWith(".avsc")).sorted();
  }

  @ParameterizedTest
  @MethodSource("contracts")
  void recordAndEveryFieldHaveADoc(Path file) throws IOException {
    Schema schema = new Schema.Parser().parse(file.toFile());
    assertThat(schema.getDoc()).as("doc of %s", schema.getName()).isNotBlank();
    for (Schema.Field field : schema.getFields()) {
      assertThat(field.doc()).as("doc of %s.%s", schema.getName(), field.name()).isNotBlank();
    }
  }

  @ParameterizedTest
  @MethodSource("contracts")
  void livesInAnAreaNamespaceAndIsNamedAfterItsFile(Path file) throws IOException {
    Schema schema = new Schema.Parser().parse(file.toFile());
    assertThat(schema.getNamespace()).startsWith("energy.vgf.");
    assertThat(file.getFileName().toString()).isEqualTo(schema.getName() + ".avsc");
  }

  @ParameterizedTest
  @MethodSource("contracts")
  void timeFieldsAreUtcTimestampMillis(Path file) throws IOException {
    Schema schema = new Schema.Parser().parse(file.toFile());
    List<String> offenders = new ArrayList<>();
    for (Schema.Field field : schema.getFields()) {
      String name = field.name();
      boolean timeLike = name.equals("ts") || name.endsWith("_at") || name.endsWith("_start") || name.endsWith("_end")
          || name.startsWith("valid_") || name.endsWith("_time") || name.endsWith("_deadline");
      if (!timeLike) {
        continue;
      }
      Schema type = field.schema();
      if (type.getType() == Schema.Type.UNION) {
        type = type.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL).findFirst().orElseThrow();
      }
      if (!(type.getLogicalType() instanceof LogicalTypes.TimestampMillis)) {
        offenders.add(name);
      }
    }
    assertThat(offenders).as("time fields of %s that are not timestamp-millis", schema.getName()).isEmpty();
  }
}
