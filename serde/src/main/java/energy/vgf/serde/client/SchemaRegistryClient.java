package energy.vgf.serde.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * A client of the Confluent Schema Registry REST API (this platform's registry, Confluent's,
 * Karapace or Apicurio's compatibility API). Ids and registrations are cached: a schema id never
 * changes meaning, so after the first lookup the hot path makes no HTTP call.
 */
public final class SchemaRegistryClient {

  public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<RegistryClientConfig, SchemaRegistryClient> SHARED = new ConcurrentHashMap<>();

  private final RegistryClientConfig config;
  private final HttpClient http;
  private final String authorization;
  private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
  private final Map<String, Map<Schema, Integer>> idsBySubject = new ConcurrentHashMap<>();

  public SchemaRegistryClient(RegistryClientConfig config) {
    this.config = config;
    this.http = HttpClient.newBuilder().connectTimeout(config.timeout()).build();
    this.authorization = config.basicAuthUserInfo()
        .map(info -> "Basic " + Base64.getEncoder().encodeToString(info.getBytes(StandardCharsets.UTF_8)))
        .orElse(null);
  }

  /** One client (and cache) per configuration in this JVM, as serdes of many tasks share it. */
  public static SchemaRegistryClient shared(RegistryClientConfig config) {
    return SHARED.computeIfAbsent(config, SchemaRegistryClient::new);
  }

  public RegistryClientConfig config() {
    return config;
  }

  /** Registers the schema under the subject (or finds it there) and returns its global id. */
  public int register(String subject, Schema schema) {
    Map<Schema, Integer> cache = idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>());
    Integer cached = cache.get(schema);
    if (cached != null) {
      return cached;
    }
    JsonNode answer = send("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema), subject);
    int id = answer.path("id").asInt(-1);
    if (id < 0) {
      throw new SchemaRegistryException("registry answered without an id when registering under " + subject, 500, 50001);
    }
    cache.put(schema, id);
    schemasById.putIfAbsent(id, schema);
    return id;
  }

  /** Finds the id of a schema already registered under the subject, without registering it. */
  public RegisteredSchema lookup(String subject, Schema schema) {
    JsonNode answer = send("POST", "/subjects/" + encode(subject), schemaBody(schema), subject);
    RegisteredSchema found = toRegistered(answer);
    idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>()).put(schema, found.id());
    return found;
  }

  /** The schema with this global id; fails with {@link UnknownSchemaIdException} when there is none. */
  public Schema schemaById(int id) {
    Schema cached = schemasById.get(id);
    if (cached != null) {
      return cached;
    }
    JsonNode answer;
    try {
      answer = send("GET", "/schemas/ids/" + id, null, null);
    } catch (SchemaRegistryException e) {
      if (e.errorCode() == 40403 || e.httpStatus() == 404) {
        throw new UnknownSchemaIdException(id, e.getMessage());
      }
      throw e;
    }
    Schema schema = parse(answer.path("schema").asText(), "schema id " + id);
    schemasById.put(id, schema);
    return schema;
  }

  /** The latest version under the subject. */
  public RegisteredSchema latest(String subject) {
    return version(subject, "latest");
  }

  public RegisteredSchema version(String subject, String version) {
    return toRegistered(send("GET", "/subjects/" + encode(subject) + "/versions/" + version, null, subject));
  }

  public List<String> subjects() {
    JsonNode answer = send("GET", "/subjects", null, null);
    List<String> subjects = new ArrayList<>();
    answer.forEach(node -> subjects.add(node.asText()));
    return subjects;
  }

  /** Asks the registry whether the schema could be registered under the subject now. */
  public boolean isCompatible(String subject, Schema schema) {
    JsonNode answer = send("POST", "/compatibility/subjects/" + encode(subject) + "/versions/latest",
        schemaBody(schema), subject);
    return answer.path("is_compatible").asBoolean(false);
  }

  /** Sets the subject's compatibility level (or the global one when subject is null). */
  public void setCompatibility(String subject, String level) {
    ObjectNode body = JSON.createObjectNode().put("compatibility", level);
    send("PUT", subject == null ? "/config" : "/config/" + encode(subject), body.toString(), subject);
  }

  private RegisteredSchema toRegistered(JsonNode answer) {
    int id = answer.path("id").asInt();
    Schema schema = parse(answer.path("schema").asText(), "schema id " + id);
    schemasById.putIfAbsent(id, schema);
    return new RegisteredSchema(answer.path("subject").asText(), id, answer.path("version").asInt(), schema);
  }

  private static String schemaBody(Schema schema) {
    return JSON.createObjectNode().put("schema", schema.toString()).toString();
  }

  private static Schema parse(String text, String what) {
    try {
      return new Schema.Parser().parse(text);
    } catch (SchemaParseException e) {
      throw new SchemaRegistryException("registry returned an unparseable Avro schema for " + what + ": "
          + e.getMessage(), 500, 50001);
    }
  }

  private static String encode(String subject) {
    return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private JsonNode send(String method, String path, String body, String subject) {
    SchemaRegistryException lastUnavailable = null;
    for (URI base : config.urls()) {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
          .timeout(config.timeout())
          .header("Accept", CONTENT_TYPE + ", application/json")
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
      if (body != null) {
        request.header("Content-Type", CONTENT_TYPE);
      }
      if (authorization != null) {
        request.header("Authorization", authorization);
      }
      HttpResponse<String> response;
      try {
        response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      } catch (ConnectException | HttpTimeoutException e) {
        lastUnavailable = new RegistryUnavailableException("schema registry at " + base + " is unreachable ("
            + e.getClass().getSimpleName() + "): check " + RegistryClientConfig.URL + " and that the registry runs", e);
        continue;
      } catch (IOException e) {
        lastUnavailable = new RegistryUnavailableException("schema registry at " + base + " failed: " + e.getMessage(), e);
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RegistryUnavailableException("interrupted while calling the schema registry", e);
      }
      int status = response.statusCode();
      if (status >= 200 && status < 300) {
        return readJson(response.body(), base + path);
      }
      JsonNode error = readErrorJson(response.body());
      int code = error.path("error_code").asInt(status);
      String message = error.path("message").asText(response.body());
      if (status >= 500) {
        lastUnavailable = new RegistryUnavailableException("schema registry at " + base + " answered " + status
            + " (" + code + "): " + message, status, code);
        continue;
      }
      if (status == 409) {
        throw new IncompatibleSchemaException(subject, message);
      }
      if (status == 401 || status == 403) {
        throw new SchemaRegistryException("schema registry refused the credentials (" + status + "): set "
            + RegistryClientConfig.BASIC_AUTH_USER_INFO, status, code);
      }
      throw new SchemaRegistryException(method + " " + path + " failed with " + status + " (" + code + "): "
          + message, status, code);
    }
    throw lastUnavailable;
  }

  private static JsonNode readJson(String body, String what) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new SchemaRegistryException("registry answer to " + what + " is not JSON: " + e.getMessage(), 500, 50001);
    }
  }

  private static JsonNode readErrorJson(String body) {
    try {
      JsonNode node = JSON.readTree(body);
      return node == null ? JSON.createObjectNode() : node;
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }
}
