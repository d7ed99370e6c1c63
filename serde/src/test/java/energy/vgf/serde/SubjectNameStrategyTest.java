package energy.vgf.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import energy.vgf.telemetry.VehicleTelemetry;
import org.junit.jupiter.api.Test;

class SubjectNameStrategyTest {

  @Test
  void namesSubjectsAsConfluentDoes() {
    var schema = VehicleTelemetry.getClassSchema();
    assertThat(SubjectNameStrategy.TOPIC_NAME.subject("t", false, schema)).isEqualTo("t-value");
    assertThat(SubjectNameStrategy.TOPIC_NAME.subject("t", true, schema)).isEqualTo("t-key");
    assertThat(SubjectNameStrategy.RECORD_NAME.subject("t", false, schema)).isEqualTo("energy.vgf.telemetry.VehicleTelemetry");
    assertThat(SubjectNameStrategy.TOPIC_RECORD_NAME.subject("t", false, schema))
        .isEqualTo("t-energy.vgf.telemetry.VehicleTelemetry");
  }

  @Test
  void acceptsConfluentClassNamesSoConfigsCarryOver() {
    assertThat(SubjectNameStrategy.parse("io.confluent.kafka.serializers.subject.RecordNameStrategy"))
        .isEqualTo(SubjectNameStrategy.RECORD_NAME);
    assertThatThrownBy(() -> SubjectNameStrategy.parse("Whatever")).hasMessageContaining("TopicNameStrategy");
  }

  @Test
  void codeGenerationHintsAreNotPartOfTheRegisteredContract() {
    String registered = LanguageNeutralSchemas.of(VehicleTelemetry.getClassSchema()).toString();
    assertThat(VehicleTelemetry.getClassSchema().toString()).contains("avro.java.string");
    assertThat(registered).doesNotContain("avro.java");
    assertThat(registered).contains("\"doc\":\"Traction battery state of charge, 0-100 %.\"");
  }
}
