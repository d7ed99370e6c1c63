package energy.vgf.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import energy.vgf.registry.SchemaStore.SubjectVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Routes the Confluent Schema Registry REST API onto {@link RegistryService}. */
final class RegistryHttpHandler implements HttpHandler {

  static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final Logger LOG = LoggerFactory.getLogger(RegistryHttpHandler.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

  private final RegistryService service;
  private final BasicAuth auth;

  RegistryHttpHandler(RegistryService service, BasicAuth auth) {
    this.service = service;
    this.auth = auth;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      try {
        if (!auth.accepts(exchange.getRequestHeaders().getFirst("Authorization"))) {
          exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"vgf-schema-registry\"");
          throw new RegistryException(RegistryException.UNAUTHORIZED, "Unauthorized");
        }
        Object body = route(exchange);
        send(exchange, 200, body instanceof String raw ? raw : JSON.writeValueAsString(body));
      } catch (RegistryException e) {
        send(exchange, e.httpStatus(), error(e.errorCode(), e.getMessage()));
      } catch (BadRequest e) {
        send(exchange, 400, error(400, e.getMessage()));
      } catch (RuntimeException e) {
        LOG.error("registry request {} {} failed: {}", exchange.getRequestMethod(), exchange.getRequestURI().getPath(), e.toString());
        send(exchange, 500, error(50001, "Error in the backend data store: " + e.getMessage()));
      }
    }
  }

  private Object route(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    String[] p = segments(exchange.getRequestURI().getRawPath());
    Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
    boolean deleted = Boolean.parseBoolean(query.getOrDefault("deleted", "false"));

    if (p.length == 0) {
      return "{}";
    }
    switch (p[0]) {
      case "subjects" -> {
        if (p.length == 1 && method.equals("GET")) {
          return service.subjects(deleted);
        }
        if (p.length == 2) {
          String subject = p[1];
          return switch (method) {
            case "POST" -> versionJson(service.lookup(subject, schemaOf(readBody(exchange)), deleted));
            case "DELETE" -> service.deleteSubject(subject, Boolean.parseBoolean(query.getOrDefault("permanent", "false")));
            default -> throw notAllowed(method);
          };
        }
        if (p.length >= 3 && p[2].equals("versions")) {
          String subject = p[1];
          if (p.length == 3) {
            return switch (method) {
              case "GET" -> service.versionNumbers(subject, deleted);
              case "POST" -> {
                JsonNode body = readBody(exchange);
                RegistryService.requireAvro(body.path("schemaType").isMissingNode() ? null : body.path("schemaType").asText());
                if (body.path("references").isArray() && !body.path("references").isEmpty()) {
                  throw new RegistryException(RegistryException.INVALID_SCHEMA,
                      "Invalid schema: schema references are not supported by this registry");
                }
                ObjectNode answer = JSON.createObjectNode();
                answer.put("id", service.register(subject, schemaOf(body)));
                yield answer;
              }
              default -> throw notAllowed(method);
            };
          }
          if (p.length == 4) {
            return switch (method) {
              case "GET" -> versionJson(service.version(subject, p[3], deleted));
              case "DELETE" -> service.deleteVersion(subject, p[3], Boolean.parseBoolean(query.getOrDefault("permanent", "false")));
              default -> throw notAllowed(method);
            };
          }
          if (p.length == 5 && p[4].equals("schema") && method.equals("GET")) {
            return service.version(subject, p[3], deleted).schema();
          }
        }
      }
      case "schemas" -> {
        if (p.length == 2 && p[1].equals("types") && method.equals("GET")) {
          return List.of("AVRO");
        }
        if (p.length >= 3 && p[1].equals("ids") && method.equals("GET")) {
          int id = parseId(p[2]);
          if (p.length == 3) {
            ObjectNode answer = JSON.createObjectNode();
            answer.put("schema", service.schemaById(id));
            return answer;
          }
          if (p.length == 4 && p[3].equals("schema")) {
            return service.schemaById(id);
          }
          if (p.length == 4 && p[3].equals("versions")) {
            ArrayNode answer = JSON.createArrayNode();
            for (SubjectVersion v : service.usesOf(id)) {
              answer.addObject().put("subject", v.subject()).put("version", v.version());
            }
            return answer;
          }
          if (p.length == 4 && p[3].equals("subjects")) {
            return service.usesOf(id).stream().map(SubjectVersion::subject).distinct().toList();
          }
        }
      }
      case "compatibility" -> {
        if (p.length == 5 && p[1].equals("subjects") && p[3].equals("versions") && method.equals("POST")) {
          List<String> problems = service.checkCompatibility(p[2], p[4], schemaOf(readBody(exchange)));
          ObjectNode answer = JSON.createObjectNode().put("is_compatible", problems.isEmpty());
          if (Boolean.parseBoolean(query.getOrDefault("verbose", "false"))) {
            ArrayNode messages = answer.putArray("messages");
            problems.forEach(messages::add);
          }
          return answer;
        }
      }
      case "config" -> {
        if (p.length == 1) {
          return switch (method) {
            case "GET" -> JSON.createObjectNode().put("compatibilityLevel", service.globalLevel().name());
            case "PUT" -> JSON.createObjectNode().put("compatibility",
                service.setLevel(null, levelOf(readBody(exchange))).name());
            default -> throw notAllowed(method);
          };
        }
        if (p.length == 2) {
          String subject = p[1];
          return switch (method) {
            case "GET" -> {
              CompatibilityLevel level = service.subjectLevel(subject).orElseGet(() -> {
                if (Boolean.parseBoolean(query.getOrDefault("defaultToGlobal", "false"))) {
                  return service.globalLevel();
                }
                throw new RegistryException(RegistryException.SUBJECT_LEVEL_COMPATIBILITY_NOT_CONFIGURED,
                    "Subject '" + subject + "' does not have subject-level compatibility configured");
              });
              yield JSON.createObjectNode().put("compatibilityLevel", level.name());
            }
            case "PUT" -> JSON.createObjectNode().put("compatibility",
                service.setLevel(subject, levelOf(readBody(exchange))).name());
            case "DELETE" -> JSON.createObjectNode().put("compatibilityLevel", service.deleteSubjectLevel(subject).name());
            default -> throw notAllowed(method);
          };
        }
      }
      default -> { }
    }
    throw new RegistryException(RegistryException.NOT_FOUND, "HTTP 404 Not Found: " + method + " "
        + exchange.getRequestURI().getPath());
  }

  private static ObjectNode versionJson(SubjectVersion v) {
    return JSON.createObjectNode().put("subject", v.subject()).put("version", v.version()).put("id", v.id())
        .put("schema", v.schema());
  }

  private static String schemaOf(JsonNode body) {
    JsonNode schema = body.get("schema");
    if (schema == null || !schema.isTextual()) {
      throw new RegistryException(RegistryException.INVALID_SCHEMA,
          "Invalid schema: the request body needs a 'schema' string field");
    }
    return schema.asText();
  }

  private static CompatibilityLevel levelOf(JsonNode body) {
    JsonNode level = body.get("compatibility");
    if (level == null) {
      level = body.get("compatibilityLevel");
    }
    return CompatibilityLevel.parse(level == null ? null : level.asText());
  }

  private static int parseId(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new RegistryException(RegistryException.SCHEMA_NOT_FOUND, "Schema " + text + " not found");
    }
  }

  private static RegistryException notAllowed(String method) {
    return new RegistryException(RegistryException.METHOD_NOT_ALLOWED, "HTTP 405 Method Not Allowed: " + method);
  }

  private static JsonNode readBody(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
      if (bytes.length > MAX_BODY_BYTES) {
        throw new BadRequest("request body exceeds " + MAX_BODY_BYTES + " bytes");
      }
      if (bytes.length == 0) {
        throw new BadRequest("request body is empty; expected JSON");
      }
      try {
        JsonNode node = JSON.readTree(bytes);
        if (node == null || !node.isObject()) {
          throw new BadRequest("request body must be a JSON object");
        }
        return node;
      } catch (IOException e) {
        throw new RegistryException(RegistryException.INVALID_SCHEMA, "Invalid request body: not JSON: "
            + e.getMessage().lines().findFirst().orElse(""));
      }
    }
  }

  private static String[] segments(String rawPath) {
    return java.util.Arrays.stream(rawPath.split("/"))
        .filter(s -> !s.isEmpty())
        .map(s -> URLDecoder.decode(s, StandardCharsets.UTF_8))
        .toArray(String[]::new);
  }

  private static Map<String, String> query(String rawQuery) {
    Map<String, String> params = new HashMap<>();
    if (rawQuery == null) {
      return params;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "true" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      params.put(key, value);
    }
    return params;
  }

  private static String error(int code, String message) {
    return JSON.createObjectNode().put("error_code", code).put("message", message).toString();
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** A request the API cannot interpret (not a registry error code). */
  private static final class BadRequest extends RuntimeException {
    BadRequest(String message) {
      super(message);
    }
  }
}
