package energy.vgf.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The REST API of a Flink session cluster, the way {@code flink run} and operators use it: jar upload and run,
 * job state, restarts, checkpoints and cancellation. Works against any JobManager, not only one the stack started.
 */
public final class FlinkRest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String url;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public FlinkRest(String url) {
    this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  public String url() {
    return url;
  }

  /** GET on the REST API; empty while it does not answer 200. */
  public Optional<JsonNode> get(String path) {
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + path))
          .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? Optional.of(JSON.readTree(response.body())) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** Uploads a job jar (POST /jars/upload) and runs it (POST /jars/{id}/run); returns the job id. */
  public String submit(Path jar, String entryClass, List<String> programArgs) {
    return run(upload(jar), entryClass, programArgs);
  }

  /** Uploads a job jar (POST /jars/upload); returns the jar id that {@link #run} takes. */
  public String upload(Path jar) {
    try {
      String boundary = "vgf-" + UUID.randomUUID();
      byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
          + jar.getFileName() + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n").getBytes(StandardCharsets.UTF_8);
      byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
      byte[] body = concat(head, Files.readAllBytes(jar), tail);
      HttpResponse<String> uploaded = http.send(HttpRequest.newBuilder(URI.create(url + "/jars/upload"))
          .header("Content-Type", "multipart/form-data; boundary=" + boundary)
          .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
      if (uploaded.statusCode() != 200) {
        throw new IllegalStateException("jar upload refused (" + uploaded.statusCode() + "): " + uploaded.body());
      }
      String filename = JSON.readTree(uploaded.body()).path("filename").asText();
      return Path.of(filename).getFileName().toString();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot upload " + jar + " to " + url, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Runs an uploaded jar's entry class (POST /jars/{id}/run); returns the job id. */
  public String run(String jarId, String entryClass, List<String> programArgs) {
    try {
      String request = JSON.createObjectNode().put("entryClass", entryClass)
          .set("programArgsList", JSON.valueToTree(programArgs)).toString();
      HttpResponse<String> ran = http.send(HttpRequest.newBuilder(URI.create(url + "/jars/" + jarId + "/run"))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(request)).build(), HttpResponse.BodyHandlers.ofString());
      if (ran.statusCode() != 200) {
        throw new IllegalStateException("job submission refused (" + ran.statusCode() + "): " + ran.body());
      }
      return JSON.readTree(ran.body()).path("jobid").asText();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run jar " + jarId + " on " + url, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** The job's state (RUNNING, RESTARTING, ...), empty if the JobManager does not know it or does not answer. */
  public Optional<String> jobState(String jobId) {
    return get("/jobs/" + jobId).map(j -> j.path("state").asText());
  }

  /** Whether the job and every one of its tasks run: a job is RUNNING before its tasks are deployed. */
  public boolean isRunning(String jobId) {
    return get("/jobs/" + jobId).filter(j -> j.path("state").asText().equals("RUNNING")).map(j -> {
      for (JsonNode v : j.path("vertices")) {
        if (!v.path("status").asText().equals("RUNNING")) {
          return false;
        }
      }
      return j.path("vertices").size() > 0;
    }).orElse(false);
  }

  /** Waits until the job and all its tasks run; fails at once if the job reached a terminal state. */
  /** Waits until the job and all its tasks run; fails at once if the job reached a terminal state. */
  public void awaitRunning(String jobId, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (!isRunning(jobId)) {
      Optional<String> state = jobState(jobId);
      if (state.isPresent() && List.of("FAILED", "CANCELED", "FINISHED").contains(state.get())) {
        throw new IllegalStateException("job " + jobId + " ended while starting: " + state.get()
            + get("/jobs/" + jobId + "/exceptions").map(e -> " " + e.path("root-exception").asText("")).orElse(""));
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("job " + jobId + " is still " + state.orElse("unknown") + " after " + timeout);
      }
      pause();
    }
  }

  /** How often the job restarted (Flink's numRestarts metric); -1 while it is not reported. */
  public long restarts(String jobId) {
    return get("/jobs/" + jobId + "/metrics?get=numRestarts").map(m -> {
      for (JsonNode metric : m) {
        if (metric.path("id").asText().equals("numRestarts")) {
          return metric.path("value").asLong(-1);
        }
      }
      return -1L;
    }).orElse(-1L);
  }

  /** The checkpoint statistics (GET /jobs/{id}/checkpoints): counts, latest completed and restored. */
  public Optional<JsonNode> checkpoints(String jobId) {
    return get("/jobs/" + jobId + "/checkpoints");
  }

  /** Cancels a job (PATCH /jobs/{id}?mode=cancel); false if the JobManager refused or did not answer. */
  public boolean cancel(String jobId) {
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + "/jobs/" + jobId
          + "?mode=cancel")).timeout(Duration.ofSeconds(10)).method("PATCH", HttpRequest.BodyPublishers.noBody())
          .build(), HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 202 || response.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Polling a REST API while something deploys: park briefly between requests. */
  private static void pause() {
    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250));
  }

  private static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] p : parts) {
      length += p.length;
    }
    byte[] out = new byte[length];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }
}
