package energy.vgf.simulator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A small run of the bench (the full 1,000 x 7 is `vgf bench simulator`). */
class SimulatorBenchTest {

  @TempDir
  Path dir;

  @Test
  void reportsItsFiguresAsOneJsonLine() throws Exception {
    SimulatorBench.Result r = SimulatorBench.run("default", 50, 1, 42, dir, false);
    assertThat(r.vehicles()).isEqualTo(50);
    assertThat(r.records()).isPositive();
    assertThat(r.bytes()).isEqualTo(Files.list(dir).mapToLong(p -> p.toFile().length()).sum());
    assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.toJson()).get("records").asLong())
        .isEqualTo(r.records());
  }

  @Test
  void temporaryOutputIsRemoved() throws Exception {
    long before;
    try (var s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      before = s.filter(p -> p.getFileName().toString().startsWith("vgf-sim-bench")).count();
    }
    SimulatorBench.run("default", 10, 1, 42, null, false);
    try (var s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      assertThat(s.filter(p -> p.getFileName().toString().startsWith("vgf-sim-bench")).count()).isEqualTo(before);
    }
  }
}
