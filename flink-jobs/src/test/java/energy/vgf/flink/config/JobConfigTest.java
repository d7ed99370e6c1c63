package energy.vgf.flink.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobConfigTest {

  static Map<String, String> minimal() {
    Map<String, String> m = new HashMap<>();
    m.put("bootstrap.servers", "127.0.0.1:9092");
    m.put("schema.registry.url", "http://127.0.0.1:8081");
    return m;
  }

  static JobConfig with(String key, String value) {
    Map<String, String> m = minimal();
    m.put(key, value);
    return JobConfig.from(m);
  }

  @Test
  void appliesTheDocumentedDefaults() {
    JobConfig c = JobConfig.from(minimal());
    assertThat(c.parallelism()).isEqualTo(1);
    assertThat(c.checkpointIntervalMs()).isEqualTo(10_000);
    assertThat(c.stateBackend()).isEqualTo("hashmap");
    assertThat(c.exactlyOnce()).isTrue();
    assertThat(c.dispatchIntervalMinutes()).isEqualTo(15);
    assertThat(c.planTopic()).isEqualTo("vgf.dispatch.plan");
  }

  @Test
  void rejectsAnUnknownKeyNamingItAndItsValue() {
    assertThatThrownBy(() -> with("checkpoint.intervall.ms", "500"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("checkpoint.intervall.ms")
        .hasMessageContaining("500")
        .hasMessageContaining("not a known key");
  }

  @Test
  void rejectsAMissingRequiredKey() {
    Map<String, String> m = minimal();
    m.remove("bootstrap.servers");
    assertThatThrownBy(() -> JobConfig.from(m)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("bootstrap.servers").hasMessageContaining("required");
  }

  @Test
  void rejectsANumberOutOfRangeNamingTheAllowedRange() {
    assertThatThrownBy(() -> with("parallelism", "0"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("parallelism").hasMessageContaining("0").hasMessageContaining("[1, 1024]");
  }

  @Test
  void rejectsANonNumericValue() {
    assertThatThrownBy(() -> with("checkpoint.interval.ms", "ten seconds"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("checkpoint.interval.ms").hasMessageContaining("ten seconds").hasMessageContaining("whole number");
  }

  @Test
  void rejectsAStateBackendOutsideTheAllowedSet() {
    assertThatThrownBy(() -> with("state.backend", "filesystem"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("state.backend").hasMessageContaining("filesystem").hasMessageContaining("hashmap | rocksdb");
  }

  @Test
  void validatesTheSolverPoolSize() {
    assertThat(JobConfig.from(minimal()).solverThreads()).isEqualTo(2);
    assertThat(with("dispatch.solver.threads", "4").solverThreads()).isEqualTo(4);
    assertThatThrownBy(() -> with("dispatch.solver.threads", "0"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("dispatch.solver.threads").hasMessageContaining("[1, 64]");
  }

  @Test
  void acceptsRocksDbCaseInsensitively() {
    assertThat(with("state.backend", "RocksDB").stateBackend()).isEqualTo("rocksdb");
  }

  @Test
  void rejectsADispatchIntervalThatDoesNotDivideAnHour() {
    assertThatThrownBy(() -> with("dispatch.interval.minutes", "7"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("dispatch.interval.minutes").hasMessageContaining("7").hasMessageContaining("must divide 60");
  }

  @Test
  void rejectsMoreSetpointIntervalsThanTheHorizon() {
    Map<String, String> m = minimal();
    m.put("dispatch.horizon.intervals", "4");
    m.put("dispatch.setpoint.intervals", "5");
    assertThatThrownBy(() -> JobConfig.from(m)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("dispatch.setpoint.intervals").hasMessageContaining("[1, 4]");
  }

  @Test
  void rejectsAColdDerateFactorOutsideZeroToOne() {
    assertThatThrownBy(() -> with("dispatch.cold.derate.factor", "1.5"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("dispatch.cold.derate.factor").hasMessageContaining("1.5").hasMessageContaining("(0, 1]");
  }

  @Test
  void passesKafkaSecuritySettingsThroughWithoutPrintingThem() {
    JobConfig c = with("kafka.sasl.jaas.config", "secret-jaas");
    assertThat(c.kafkaProperties()).containsEntry("sasl.jaas.config", "secret-jaas");
    assertThat(c.toString()).doesNotContain("secret-jaas");
  }

  @Test
  void letsCommandLineOverridesWinOverTheFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("flink.properties");
    Files.writeString(file, "bootstrap.servers=a:9092\nschema.registry.url=http://r\nparallelism=2\n");
    JobConfig c = JobConfig.fromArgs(new String[] {"--config", file.toString(), "--parallelism", "3", "--group.id=g"});
    assertThat(c.parallelism()).isEqualTo(3);
    assertThat(c.groupId()).isEqualTo("g");
    assertThat(c.bootstrapServers()).isEqualTo("a:9092");
  }

  @Test
  void rejectsAnArgumentThatIsNotAKeyValuePair() {
    assertThatThrownBy(() -> JobConfig.fromArgs(new String[] {"parallelism", "3"}))
        .isInstanceOf(ConfigException.class).hasMessageContaining("parallelism").hasMessageContaining("--key value");
    assertThatThrownBy(() -> JobConfig.fromArgs(new String[] {"--parallelism"}))
        .isInstanceOf(ConfigException.class).hasMessageContaining("a value must follow --parallelism");
  }
}
