package energy.vgf.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import energy.vgf.stack.FlinkRest;
import energy.vgf.stack.JobRecord;
import energy.vgf.stack.ProcessSupervisor;
import energy.vgf.stack.RunDirectory;
import energy.vgf.stack.ServiceRecord;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ./vgf stack: real processes (broker, registry, REST catalog, Flink JobManager + TaskManager, the core and lake
 * jobs submitted as jars over REST, the OCPP bridge), then down cancels the jobs and stops exactly those processes.
 */
class StackIT {

  @TempDir
  Path run;

  @Test
  void upStartsEveryServiceOnLoopbackAndDownStopsExactlyThem() throws Exception {
    int flinkPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      flinkPort = socket.getLocalPort();
    }
    String[] common = {"--run-dir", run.toString()};
    int up = Vgf.commandLine().execute("stack", "up", "--run-dir", run.toString(), "--kafka-port", "0",
        "--registry-port", "0", "--catalog-port", "0", "--bridge-port", "0", "--flink-port", Integer.toString(flinkPort),
        "--flink-slots", "2");
    List<ServiceRecord> services = new RunDirectory(run).services();
    List<JobRecord> jobs = new RunDirectory(run).jobs();
    HttpClient http = HttpClient.newHttpClient();
    ObjectMapper json = new ObjectMapper();
    FlinkRest flink = null;
    try {
      assertThat(up).isZero();
      assertThat(services).extracting(ServiceRecord::name)
          .containsExactly("kafka", "registry", "catalog", "flink-jobmanager", "flink-taskmanager", "bridge");
      JsonNode endpoints = json.readTree(Files.readString(run.resolve("endpoints.json")));
      assertThat(endpoints.path("kafka_bootstrap").asText()).startsWith("127.0.0.1:");
      assertThat(endpoints.path("bridge_url").asText()).startsWith("ws://127.0.0.1:").endsWith("/ocpp");
      for (ServiceRecord s : services) {
        assertThat(s.endpoint()).as("%s records its endpoint", s.name()).isNotBlank();
      }

      // The catalog serves its warehouse in the run directory, with the lake's tables.
      String catalog = endpoints.path("catalog_url").asText();
      assertThat(catalog).startsWith("http://127.0.0.1:");
      JsonNode catalogConfig = json.readTree(http.send(HttpRequest.newBuilder(URI.create(catalog + "/v1/config")).build(),
          HttpResponse.BodyHandlers.ofString()).body());
      assertThat(catalogConfig.toString()).contains(run.resolve("warehouse").toUri().getPath());

      JsonNode overview = json.readTree(http.send(
          HttpRequest.newBuilder(URI.create(endpoints.path("flink_web_ui").asText() + "/overview")).build(),
          HttpResponse.BodyHandlers.ofString()).body());
      assertThat(overview.path("taskmanagers").asInt()).isEqualTo(1);
      assertThat(overview.path("slots-total").asInt()).isEqualTo(2);

      // Both jobs were submitted as jars through the REST API and run on RocksDB, checkpointing into the run dir.
      flink = new FlinkRest(endpoints.path("flink_web_ui").asText());
      assertThat(jobs).extracting(JobRecord::name).containsExactly("core", "lake");
      for (JobRecord job : jobs) {
        assertThat(flink.isRunning(job.jobId())).as("job %s runs", job.name()).isTrue();
        assertThat(job.jar()).contains("vgf-flink-jobs-").endsWith("-cluster.jar");
        JsonNode config = flink.get("/jobs/" + job.jobId() + "/jobmanager/config").orElseThrow();
        assertThat(config.toString()).contains("rocksdb").contains(run.resolve("flink/checkpoints").toString());
      }

      PrintStream stdout = System.out;
      ByteArrayOutputStream status = new ByteArrayOutputStream();
      int statusCode;
      try {
        System.setOut(new PrintStream(status, true, StandardCharsets.UTF_8));
        statusCode = Vgf.commandLine().execute("stack", "status", common[0], common[1]);
      } finally {
        System.setOut(stdout);
      }
      assertThat(statusCode).isZero();
      assertThat(status.toString(StandardCharsets.UTF_8)).contains("catalog", "bridge", "job core", "job lake")
          .doesNotContain("DOWN");
      assertThat(Vgf.commandLine().execute("stack", "up", common[0], common[1])).as("a second up refuses").isEqualTo(1);
    } finally {
      assertThat(Vgf.commandLine().execute("stack", "down", common[0], common[1])).isZero();
    }
    for (JobRecord job : jobs) {
      // down cancels the jobs before it stops the cluster: their last checkpoint is kept.
      assertThat(Files.list(run.resolve("flink/checkpoints/" + job.name())).toList())
          .as("checkpoint directory of %s", job.name()).isNotEmpty();
    }
    ProcessSupervisor supervisor = new ProcessSupervisor(new RunDirectory(run));
    for (ServiceRecord service : services) {
      assertThat(ProcessHandle.of(service.pid()).map(ProcessHandle::isAlive).orElse(false))
          .as("%s stopped", service.name()).isFalse();
      assertThat(supervisor.isRunning(service)).isFalse();
    }
    assertThat(new RunDirectory(run).jobs()).isEmpty();
  }
}
