package energy.vgf.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import energy.vgf.connectors.testing.ReplayServer;
import energy.vgf.connectors.testing.ReplayServer.Response;
import energy.vgf.connectors.testing.Topics;
import energy.vgf.testing.PlatformExtension;
import energy.vgf.weather.WeatherForecast;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Installs target/*-connect-plugin.zip the way a data engineer does: unzipped into a directory on plugin.path of a
 * worker in its own JVM whose class path holds Kafka Connect and its dependencies but none of this module's classes,
 * contracts, serdes or Avro. The connectors and the registry converter must then come from the archive, through
 * Connect's plugin isolation and their META-INF/services declarations (plugin.discovery=service_load).
 */
@ExtendWith(PlatformExtension.class)
class PluginArchiveIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final List<String> CONNECTORS = List.of(
      "energy.vgf.connectors.telematics.samsara.SamsaraSourceConnector",
      "energy.vgf.connectors.telematics.geotab.GeotabSourceConnector",
      "energy.vgf.connectors.telematics.verizon.VerizonSourceConnector",
      "energy.vgf.connectors.market.caiso.CaisoSourceConnector",
      "energy.vgf.connectors.market.pjm.PjmSourceConnector",
      "energy.vgf.connectors.market.ercot.ErcotSourceConnector",
      "energy.vgf.connectors.weather.nws.NwsSourceConnector",
      "energy.vgf.connectors.weather.openmeteo.OpenMeteoSourceConnector",
      "energy.vgf.connectors.meter.greenbutton.GreenButtonSourceConnector",
      "energy.vgf.connectors.meter.mdms.MdmsSourceConnector",
      "energy.vgf.connectors.grid.openadr.OpenAdrSourceConnector",
      "energy.vgf.connectors.grid.topology.TopologySourceConnector");

  @TempDir
  Path dir;

  @Test
  void aWorkerLoadsTheConnectorsAndTheConverterFromTheUnpackedArchiveAlone() throws Exception {
    Path pluginPath = dir.resolve("plugins");
    unzip(archive(), pluginPath);
    assertThat(pluginPath.resolve("vgf-connectors/lib")).isDirectoryContaining("glob:**/vgf-connectors-*.jar");

    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String topic = Topics.create(PlatformExtension.bootstrapServers(), "it.plugin");
    Path props = dir.resolve("worker.properties");
    Files.writeString(props, String.join("\n",
        "bootstrap.servers=" + PlatformExtension.bootstrapServers(),
        "offset.storage.file.filename=" + dir.resolve("offsets"),
        "offset.flush.interval.ms=200",
        "listeners=http://127.0.0.1:" + port,
        "plugin.path=" + pluginPath,
        "plugin.discovery=service_load",
        "key.converter=org.apache.kafka.connect.storage.StringConverter",
        "value.converter=energy.vgf.serde.connect.VgfAvroConverter",
        "value.converter.schema.registry.url=" + PlatformExtension.registryUrl()) + "\n");
    Path log = dir.resolve("worker.log");
    Process worker = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-cp", connectClassPath(), "org.apache.kafka.connect.cli.ConnectStandalone", props.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    URI rest = URI.create("http://127.0.0.1:" + port);
    try (ReplayServer api = ReplayServer.start()) {
      await().atMost(Duration.ofSeconds(90)).ignoreExceptions()
          .until(() -> get(rest, "/connector-plugins").isArray());

      JsonNode plugins = get(rest, "/connector-plugins?connectorsOnly=false");
      List<String> classes = new ArrayList<>();
      plugins.forEach(p -> classes.add(p.path("class").asText()));
      assertThat(classes).containsAll(CONNECTORS).contains("energy.vgf.serde.connect.VgfAvroConverter");
      plugins.forEach(p -> {
        if (p.path("class").asText().startsWith("energy.vgf.connectors.")) {
          assertThat(p.path("version").asText()).isEqualTo("0.1.0");
        }
      });

      // One connector end to end from the archive: Open-Meteo's real excerpt through the archive's converter.
      api.always("/v1/forecast", Response.json(ReplayServer.sample("open-meteo/forecast_hourly_excerpt.json")));
      put(rest, "/connectors/openmeteo-archive/config", Map.of(
          "connector.class", "energy.vgf.connectors.weather.openmeteo.OpenMeteoSourceConnector",
          "tasks.max", "1", "base.url", api.baseUrl(), "openmeteo.locations", "depot-nl:52.276:6.873",
          "topic", topic, "poll.interval.ms", "500"));
      await().atMost(Duration.ofSeconds(60)).until(() ->
          Topics.values(PlatformExtension.bootstrapServers(), PlatformExtension.registryUrl(), topic).size() >= 3);
      assertThat(Topics.<WeatherForecast>values(PlatformExtension.bootstrapServers(), PlatformExtension.registryUrl(),
          topic)).extracting(WeatherForecast::getValidAt, WeatherForecast::getTemperatureC).containsExactly(
              org.assertj.core.groups.Tuple.tuple(Instant.parse("2026-10-02T22:00:00Z"), 11.8),
              org.assertj.core.groups.Tuple.tuple(Instant.parse("2026-10-02T23:00:00Z"), 11.2),
              org.assertj.core.groups.Tuple.tuple(Instant.parse("2026-10-03T00:00:00Z"), 11.0));
    } finally {
      worker.destroy();
      if (!worker.waitFor(30, TimeUnit.SECONDS)) {
        worker.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  /** The archive the package phase built (failsafe runs after it). */
  private static Path archive() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      return files.filter(p -> p.getFileName().toString().endsWith("-connect-plugin.zip")).findFirst()
          .orElseThrow(() -> new IllegalStateException("no target/*-connect-plugin.zip: run the package phase first"));
    }
  }

  /**
   * The test class path without this module's classes and the jars the archive ships (vgf-*, Avro, snakeyaml,
   * commons-*): what is left is Kafka Connect with its own dependencies, and test-only libraries no plugin uses.
   */
  private static String connectClassPath() {
    List<String> kept = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      String name = Path.of(entry).getFileName().toString();
      boolean ours = entry.contains(File.separator + "connectors" + File.separator + "target" + File.separator)
          || name.startsWith("vgf-") || name.startsWith("avro-") || name.startsWith("snakeyaml-")
          || name.startsWith("iceberg-");
      if (!ours) {
        kept.add(entry);
      }
    }
    assertThat(kept).noneMatch(e -> e.contains("vgf-serde") || e.contains("vgf-schemas"));
    return String.join(File.pathSeparator, kept);
  }

  private static void unzip(Path zip, Path into) throws IOException {
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
      for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
        Path target = into.resolve(e.getName()).normalize();
        if (!target.startsWith(into)) {
          throw new IOException("zip entry outside the target: " + e.getName());
        }
        if (e.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(in, target);
        }
      }
    }
  }

  private static JsonNode get(URI rest, String path) throws IOException, InterruptedException {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(rest.resolve(path)).timeout(Duration.ofSeconds(10))
        .build(), HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(r.body());
  }

  private static void put(URI rest, String path, Map<String, String> body) throws IOException, InterruptedException {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(rest.resolve(path)).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(
            JSON.writeValueAsString(body))).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isLessThan(300);
  }
}
