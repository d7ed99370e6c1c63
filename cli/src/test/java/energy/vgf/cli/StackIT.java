package energy.vgf.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import energy.vgf.stack.ProcessSupervisor;
import energy.vgf.stack.RunDirectory;
import energy.vgf.stack.ServiceRecord;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ./vgf stack: real processes (broker, registry, Flink JobManager + TaskManager), then down stops exactly them. */
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
        "--registry-port", "0", "--flink-port", Integer.toString(flinkPort), "--flink-slots", "2");
    List<ServiceRecord> services = new RunDirectory(run).services();
    try {
      assertThat(up).isZero();
      assertThat(services).extracting(ServiceRecord::name)
          .containsExactly("kafka", "registry", "flink-jobmanager", "flink-taskmanager");
      JsonNode endpoints = new ObjectMapper().readTree(Files.readString(run.resolve("endpoints.json")));
      assertThat(endpoints.path("kafka_bootstrap").asText()).startsWith("127.0.0.1:");
      JsonNode overview = new ObjectMapper().readTree(HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(endpoints.path("flink_web_ui").asText() + "/overview")).build(),
          HttpResponse.BodyHandlers.ofString()).body());
      assertThat(overview.path("taskmanagers").asInt()).isEqualTo(1);
      assertThat(overview.path("slots-total").asInt()).isEqualTo(2);
      assertThat(Vgf.commandLine().execute("stack", "status", common[0], common[1])).isZero();
      assertThat(Vgf.commandLine().execute("stack", "up", common[0], common[1])).as("a second up refuses").isEqualTo(1);
    } finally {
      assertThat(Vgf.commandLine().execute("stack", "down", common[0], common[1])).isZero();
    }
    ProcessSupervisor supervisor = new ProcessSupervisor(new RunDirectory(run));
    for (ServiceRecord service : services) {
      assertThat(ProcessHandle.of(service.pid()).map(ProcessHandle::isAlive).orElse(false))
          .as("%s stopped", service.name()).isFalse();
      assertThat(supervisor.isRunning(service)).isFalse();
    }
  }
}
