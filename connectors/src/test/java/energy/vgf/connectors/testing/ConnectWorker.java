package energy.vgf.connectors.testing;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import energy.vgf.serde.connect.VgfAvroConverter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.connect.cli.ConnectStandalone;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.storage.StringConverter;

/**
 * A real Kafka Connect worker (standalone herder, REST on 127.0.0.1) in the test JVM, built from
 * ConnectStandalone's own start-up path, against the platform's broker and registry. Offsets live in a
 * file, so a worker started again on the same file resumes where the previous one stopped.
 */
public final class ConnectWorker implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final Connect<?> connect;
  private final URI rest;

  private ConnectWorker(Connect<?> connect) {
    this.connect = connect;
    this.rest = connect.rest().advertisedUrl();
  }

  public static ConnectWorker start(String bootstrap, String registryUrl, Path offsetsFile) {
    return start(bootstrap, registryUrl, offsetsFile, Map.of());
  }

  /** A worker with extra worker properties (e.g. plugin.path and plugin.discovery for plugins outside the classpath). */
  public static ConnectWorker start(String bootstrap, String registryUrl, Path offsetsFile, Map<String, String> extra) {
    Map<String, String> p = new HashMap<>();
    p.put("bootstrap.servers", bootstrap);
    p.put("offset.storage.file.filename", offsetsFile.toString());
    p.put("offset.flush.interval.ms", "200");
    p.put("listeners", "http://127.0.0.1:0");
    p.put("key.converter", StringConverter.class.getName());
    p.put("value.converter", VgfAvroConverter.class.getName());
    p.put("value.converter.schema.registry.url", registryUrl);
    // The connectors and the converter declare themselves in META-INF/services (KIP-898): no classpath scan.
    p.put("plugin.discovery", "service_load");
    p.put("task.shutdown.graceful.timeout.ms", "10000");
    p.putAll(extra);
    return new ConnectWorker(new ConnectStandalone().startConnect(p));
  }

  public URI restUrl() {
    return rest;
  }

  /** Creates (or updates) a connector and waits until it and its tasks run. */
  public void putConnector(String name, Map<String, String> config) {
    Map<String, String> c = new HashMap<>(config);
    c.put("name", name);
    HttpResponse<String> r = call("PUT", "/connectors/" + name + "/config", c);
    if (r.statusCode() >= 300) {
      throw new IllegalStateException("PUT connector " + name + ": " + r.statusCode() + " " + r.body());
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> "RUNNING".equals(taskState(name)));
  }

  /** Deletes a connector: its task stops, its offsets stay. */
  public void deleteConnector(String name) {
    call("DELETE", "/connectors/" + name, null);
  }

  public JsonNode status(String name) {
    return json(call("GET", "/connectors/" + name + "/status", null));
  }

  public String taskState(String name) {
    JsonNode s = status(name);
    JsonNode tasks = s.path("tasks");
    return tasks.isArray() && !tasks.isEmpty() ? tasks.get(0).path("state").asText() : "NONE";
  }

  public JsonNode validate(String connectorClass, Map<String, String> config) {
    Map<String, String> c = new HashMap<>(config);
    c.put("connector.class", connectorClass);
    String simple = connectorClass.substring(connectorClass.lastIndexOf('.') + 1);
    return json(call("PUT", "/connector-plugins/" + simple + "/config/validate", c));
  }

  public JsonNode get(String path) {
    return json(call("GET", path, null));
  }

  private HttpResponse<String> call(String method, String path, Object body) {
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(rest.resolve(path)).timeout(Duration.ofSeconds(30))
          .header("Content-Type", "application/json").header("Accept", "application/json");
      b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
          : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
      return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode json(HttpResponse<String> r) {
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new IllegalStateException("not JSON: " + r.body(), e);
    }
  }

  /** Stops the worker the way SIGTERM does: tasks stop, offsets are flushed. */
  @Override
  public void close() {
    connect.stop();
    connect.awaitStop();
  }
}
