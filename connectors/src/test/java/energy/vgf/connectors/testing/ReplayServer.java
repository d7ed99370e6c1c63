package energy.vgf.connectors.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A vendor API stand-in on 127.0.0.1 replaying scripted answers: per route (path plus an optional
 * query predicate) a queue of responses used once each, then a fallback repeated forever. Every request
 * is recorded, so tests can assert the cursor, headers and pacing the connector used.
 */
public final class ReplayServer implements AutoCloseable {


  public record Response(int status, Map<String, String> headers, byte[] body) {
    public static Response json(String body) {
      return new Response(200, Map.of("Content-Type", "application/json"), body.getBytes(StandardCharsets.UTF_8));
    }

    public static Response of(int status, String contentType, byte[] body) {
      return new Response(status, Map.of("Content-Type", contentType), body);
    }

    public static Response status(int status, Map<String, String> headers, String body) {
      return new Response(status, headers, body.getBytes(StandardCharsets.UTF_8));
    }
  }

  public record Request(String method, String path, String query, Map<String, List<String>> headers, String body) {
    public String header(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue().get(0);
        }
      }
      return null;
    }

    public String param(String name) {
      if (query == null) {
        return null;
      }
      for (String kv : query.split("&")) {
        int eq = kv.indexOf('=');
        String k = eq < 0 ? kv : kv.substring(0, eq);
        if (k.equals(name)) {
          return eq < 0 ? "" : java.net.URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
        }
      }
      return null;
    }
  }

  private static final class Route {
    final String path;
    final Predicate<Request> matches;
    final Deque<Response> once = new ArrayDeque<>();
    Response fallback;

    Route(String path, Predicate<Request> matches) {
      this.path = path;
      this.matches = matches;
    }
  }

  private final HttpServer server;
  private final List<Route> routes = Collections.synchronizedList(new ArrayList<>());
  private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());

  private ReplayServer(HttpServer server) {
    this.server = server;
  }

  public static ReplayServer start() {
    try {
      HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      ReplayServer replay = new ReplayServer(s);
      s.createContext("/", replay::handle);
      s.start();
      return replay;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Scripts answers for a path (any query); the last one given with {@link #always} repeats. */
  public ReplayServer on(String path, Response... responses) {
    return on(path, r -> true, responses);
  }

  public synchronized ReplayServer on(String path, Predicate<Request> matches, Response... responses) {
    Route route = find(path, matches);
    Collections.addAll(route.once, responses);
    return this;
  }

  public synchronized ReplayServer always(String path, Predicate<Request> matches, Response response) {
    find(path, matches).fallback = response;
    return this;
  }

  public ReplayServer always(String path, Response response) {
    return always(path, r -> true, response);
  }

  private Route find(String path, Predicate<Request> matches) {
    for (Route r : routes) {
      if (r.path.equals(path) && r.matches == matches) {
        return r;
      }
    }
    Route r = new Route(path, matches);
    routes.add(r);
    return r;
  }

  public List<Request> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  public List<Request> requests(String path) {
    return requests().stream().filter(r -> r.path().equals(path)).toList();
  }

  private void handle(HttpExchange ex) throws IOException {
    String body;
    try (InputStream in = ex.getRequestBody()) {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Request req = new Request(ex.getRequestMethod(), ex.getRequestURI().getPath(), ex.getRequestURI().getRawQuery(),
        new LinkedHashMap<>(ex.getRequestHeaders()), body);
    requests.add(req);
    Response response = null;
    synchronized (this) {
      // Scripted one-off answers win over repeated ones, whatever order the routes were declared in.
      for (Route r : routes) {
        if (response == null && r.path.equals(req.path()) && !r.once.isEmpty() && r.matches.test(req)) {
          response = r.once.poll();
        }
      }
      // Among repeated answers the route declared last wins, so a test can change what the source serves.
      for (int i = routes.size() - 1; i >= 0 && response == null; i--) {
        Route r = routes.get(i);
        if (r.path.equals(req.path()) && r.fallback != null && r.matches.test(req)) {
          response = r.fallback;
        }
      }
    }
    if (response == null) {
      response = Response.status(404, Map.of("Content-Type", "text/plain"), "no scripted answer for " + req.path());
    }
    response.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
    ex.sendResponseHeaders(response.status(), response.body().length == 0 ? -1 : response.body().length);
    if (response.body().length > 0) {
      ex.getResponseBody().write(response.body());
    }
    ex.close();
  }

  /** A vendor sample (copied from ../shared/samples with its PROVENANCE.md) as text. */
  public static String sample(String relative) {
    return new String(sampleBytes(relative), StandardCharsets.UTF_8);
  }

  public static byte[] sampleBytes(String relative) {
    try (InputStream in = ReplayServer.class.getResourceAsStream("/samples/" + relative)) {
      if (in == null) {
        throw new IllegalArgumentException("no sample samples/" + relative + " on the test classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
