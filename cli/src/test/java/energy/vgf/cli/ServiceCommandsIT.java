package energy.vgf.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The service commands as an operator runs them: a separate process, its endpoint on stdout, SIGTERM to stop. */
class ServiceCommandsIT {

  @Test
  void registryWithKafkaPrintsItsEndpointsServesAndStopsOnSigterm() throws Exception {
    Process process = vgf("registry", "--with-kafka", "--port", "0", "--kafka-port", "0");
    List<String> lines = follow(process);
    try {
      await().atMost(Duration.ofSeconds(90)).until(() -> lines.stream().anyMatch(l -> l.startsWith("Schema registry ready")));
      assertThat(lines).anyMatch(l -> l.startsWith("Kafka broker ready: bootstrap.servers=127.0.0.1:"));
      Matcher url = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+)").matcher(
          lines.stream().filter(l -> l.startsWith("Schema registry ready")).findFirst().orElseThrow());
      assertThat(url.find()).isTrue();
      HttpResponse<String> registered = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
              URI.create(url.group(1) + "/subjects/cli-value/versions"))
          .header("Content-Type", "application/vnd.schemaregistry.v1+json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"schema\":\"\\\"string\\\"\"}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(registered.body()).isEqualTo("{\"id\":1}");
    } finally {
      process.destroy(); // SIGTERM
    }
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s of SIGTERM").isTrue();
  }

  @Test
  void topicsListPrintsTheCatalogue() throws Exception {
    Process process = vgf("topics", "list");
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isZero();
    assertThat(out).contains("vgf.dispatch.setpoint").contains("DispatchSetpoint").contains("compact");
  }

  @Test
  void unknownOptionsFailWithUsageAndNonZeroExit() throws Exception {
    Process process = vgf("kafka", "--prot", "1");
    process.getInputStream().readAllBytes();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isNotZero();
  }

  private static Process vgf(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.javaBin(), "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.util=ALL-UNNAMED",
        "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
        "-Xmx768m", "-cp", System.getProperty("java.class.path"), Vgf.class.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
  }

  private static List<String> follow(Process process) {
    List<String> lines = new CopyOnWriteArrayList<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          lines.add(line);
        }
      } catch (Exception ignored) {
        // the process ended
      }
    });
    reader.setDaemon(true);
    reader.start();
    return lines;
  }

  private static final class Path {
    static String javaBin() {
      return java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
  }
}
