package energy.vgf.notebooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import energy.vgf.lakehouse.LakehouseExtension;
import energy.vgf.lakehouse.SettledLake;
import energy.vgf.lakehouse.trino.TrinoServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The analysts' notebooks executed as CI executes them: Debian's python3 with nbclient and ipykernel
 * ({@code apt-get install python3-nbclient python3-ipykernel python3-matplotlib}) running
 * {@code notebooks/run_notebooks.py} against the JVM's shared Trino on the settled lake (DR settlement of
 * July 2026 and the savings depot).
 */
@ExtendWith(LakehouseExtension.class)
class NotebooksIT {

  static final Path NOTEBOOKS = Path.of("..", "notebooks").toAbsolutePath().normalize();
  static final String PYTHON = System.getProperty("vgf.python", "/usr/bin/python3");
  static Path out;
  static int exit;
  static String log;

  @BeforeAll
  static void runNotebooks() throws Exception {
    SettledLake.get();
    TrinoServer trino = LakehouseExtension.trino();
    out = Files.createDirectories(Path.of("target", "notebooks").toAbsolutePath());
    Path logFile = out.resolve("run_notebooks.log");
    ProcessBuilder pb = new ProcessBuilder(PYTHON, NOTEBOOKS.resolve("run_notebooks.py").toString(), out.toString())
        .redirectErrorStream(true).redirectOutput(logFile.toFile());
    pb.environment().put("VGF_TRINO_URL", trino.httpUrl());
    pb.environment().put("VGF_TRINO_CATALOG", trino.catalogName());
    Process p = pb.start();
    try {
      if (!p.waitFor(10, TimeUnit.MINUTES)) {
        throw new AssertionError("notebooks did not finish in 10 minutes; log: " + logFile);
      }
    } finally {
      p.destroyForcibly();
    }
    exit = p.exitValue();
    log = Files.readString(logFile, StandardCharsets.UTF_8);
  }

  static List<Path> notebooks() throws Exception {
    try (Stream<Path> s = Files.list(NOTEBOOKS)) {
      return s.filter(f -> f.toString().endsWith(".ipynb")).sorted().toList();
    }
  }

  @Test
  void executesEveryNotebookWithoutError() throws Exception {
    assertThat(exit).as(log).isZero();
    for (Path nb : notebooks()) {
      assertThat(log).contains("ok " + nb.getFileName());
      List<String> errors = new ArrayList<>();
      for (JsonNode cell : new ObjectMapper().readTree(out.resolve(nb.getFileName()).toFile()).path("cells")) {
        for (JsonNode o : cell.path("outputs")) {
          if ("error".equals(o.path("output_type").asText()) || "stderr".equals(o.path("name").asText())) {
            errors.add(o.toString());
          }
        }
      }
      assertThat(errors).as(nb.getFileName().toString()).isEmpty();
    }
  }

  @Test
  void findsRowsWhereTheLakeHasData() throws Exception {
    for (Path nb : notebooks()) {
      assertThat(outputs(nb)).as(nb.getFileName().toString()).isNotBlank().doesNotContain("no rows").doesNotContain("no sessions");
    }
    assertThat(outputs(Path.of("soc_compliance.ipynb"))).contains("'fleet_id': 'fleet-a', 'sessions': 2, 'met': 1");
    // the hand-computed savings depot: 4.3 kg avoided, 1.52 USD energy and 30 USD demand savings
    assertThat(outputs(Path.of("carbon.ipynb"))).contains("'kg': 4.3", "'energy_savings_usd': '1.5200'", "CAISO_NORTH");
    assertThat(outputs(Path.of("program_performance_and_payments.ipynb"))).contains("caiso-elrp", "pjm-elr", "10 fleets");
  }

  /** The text the notebook's cells printed when executed. */
  static String outputs(Path notebook) throws Exception {
    StringBuilder b = new StringBuilder();
    for (JsonNode cell : new ObjectMapper().readTree(out.resolve(notebook.getFileName()).toFile()).path("cells")) {
      for (JsonNode o : cell.path("outputs")) {
        o.path("text").forEach(t -> b.append(t.asText()));
        o.path("data").path("text/plain").forEach(t -> b.append(t.asText()));
      }
    }
    return b.toString();
  }

  @Test
  void drawsEveryFigure() {
    for (String png : List.of("payments_by_fleet.png", "peak_reduction_by_feeder.png", "soc_compliance.png",
        "carbon_avoided.png", "load_managed_vs_counterfactual.png")) {
      assertThat(out.resolve(png)).isRegularFile().satisfies(f -> assertThat(Files.size(f)).isGreaterThan(1000));
    }
  }
}
