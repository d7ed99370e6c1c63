package energy.vgf.connectors.telematics.geotab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import energy.vgf.connectors.http.HttpFetcher;
import energy.vgf.connectors.http.HttpStatusException;
import energy.vgf.connectors.http.HttpUnavailableException;
import energy.vgf.connectors.source.JsonPayloads;
import energy.vgf.connectors.source.MalformedPayloadException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * MyGeotab JSON-RPC over POST /apiv1 with session credentials (MyGeotab SDK, "Concepts: Authentication"):
 * Authenticate once for a sessionId, send it with every call, and when a call answers InvalidUserException
 * (the session expired or was revoked) authenticate again and repeat the call once. Errors arrive as HTTP 200
 * with a JSON-RPC "error" object; the password is sent to Authenticate only and never logged.
 */
final class GeotabApi {

  static final String INVALID_USER = "InvalidUserException";
  // MyGeotab rate limiting ("OverLimitException") and maintenance answers: wait, do not fail the task.
  private static final Duration OVER_LIMIT_WAIT = Duration.ofSeconds(60);

  private final HttpFetcher http;
  private final URI server;
  private final String database;
  private final String userName;
  private final String password;
  private URI endpoint;
  private ObjectNode credentials;

  GeotabApi(HttpFetcher http, URI server, String database, String userName, String password) {
    this.http = http;
    this.server = server;
    this.database = database;
    this.userName = userName;
    this.password = password;
  }

  /** Calls a method with the session's credentials; returns its "result". */
  synchronized JsonNode call(String method, ObjectNode params)
      throws HttpStatusException, HttpUnavailableException, MalformedPayloadException {
    if (credentials == null) {
      authenticate();
    }
    try {
      return send(endpoint, method, params.set("credentials", credentials));
    } catch (JsonRpcError e) {
      if (!e.type.equals(INVALID_USER)) {
        throw fail(e, endpoint);
      }
      authenticate(); // the session expired: one new session, then the call again
      try {
        return send(endpoint, method, params.set("credentials", credentials));
      } catch (JsonRpcError again) {
        throw fail(again, endpoint);
      }
    }
  }

  private void authenticate() throws HttpStatusException, HttpUnavailableException, MalformedPayloadException {
    URI uri = URI.create(server + "/apiv1");
    ObjectNode params = JsonPayloads.MAPPER.createObjectNode()
        .put("database", database).put("userName", userName).put("password", password);
    JsonNode result;
    try {
      result = send(uri, "Authenticate", params);
    } catch (JsonRpcError e) {
      if (e.type.equals(INVALID_USER)) {
        throw new HttpStatusException(401, HttpFetcher.describe(uri), "Authenticate refused " + userName + "@"
            + database + " (InvalidUserException)");
      }
      throw fail(e, uri);
    }
    JsonNode c = result.get("credentials");
    if (c == null || !c.isObject() || !c.hasNonNull("sessionId")) {
      throw new MalformedPayloadException("Geotab Authenticate result without credentials.sessionId",
          "(Authenticate result withheld: it carries a session)", null);
    }
    credentials = (ObjectNode) c;
    // "path" names the server that holds the database; "ThisServer" means the one asked.
    String path = result.path("path").asText("ThisServer");
    endpoint = path.isEmpty() || path.equals("ThisServer") ? uri : URI.create("https://" + path + "/apiv1");
  }

  private JsonNode send(URI uri, String method, ObjectNode params)
      throws HttpStatusException, HttpUnavailableException, MalformedPayloadException, JsonRpcError {
    ObjectNode request = JsonPayloads.MAPPER.createObjectNode().put("method", method);
    request.set("params", params);
    request.put("id", 1);
    byte[] body = http.post(uri, Map.of("Content-Type", "application/json", "Accept", "application/json"),
        request.toString()).body();
    JsonNode answer = JsonPayloads.parse(body, "Geotab " + method + " answer");
    JsonNode error = answer.get("error");
    if (error != null && !error.isNull()) {
      throw new JsonRpcError(errorType(error), error.path("message").asText(""));
    }
    JsonNode result = answer.get("result");
    if (result == null) {
      throw new MalformedPayloadException("Geotab " + method + " answer has neither result nor error",
          method.equals("Authenticate") ? "(withheld)" : answer.toString(), null);
    }
    return result;
  }

  /** The exception type: error.data.type (JSON-RPC 2.0 form) or error.errors[0].name (older servers). */
  static String errorType(JsonNode error) {
    String type = error.path("data").path("type").asText("");
    if (type.isEmpty()) {
      type = error.path("errors").path(0).path("name").asText("");
    }
    return type.isEmpty() ? error.path("name").asText("JsonRpcError") : type;
  }

  /** The error as the HTTP layer's exceptions: rate limits and maintenance postpone, the rest is refused. */
  private static HttpStatusException fail(JsonRpcError e, URI uri) throws HttpUnavailableException {
    if (e.type.equals("OverLimitException") || e.type.equals("DbUnavailableException")) {
      throw new HttpUnavailableException("Geotab " + e.getMessage(), OVER_LIMIT_WAIT, null);
    }
    return new HttpStatusException(400, HttpFetcher.describe(uri), e.getMessage());
  }

  private static final class JsonRpcError extends Exception {
    final String type;

    JsonRpcError(String type, String message) {
      super(type + ": " + message);
      this.type = type;
    }
  }
}
