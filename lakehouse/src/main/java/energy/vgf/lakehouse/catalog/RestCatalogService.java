package energy.vgf.lakehouse.catalog;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.catalog.ViewCatalog;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.BadRequestException;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.NamespaceNotEmptyException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.NoSuchViewException;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.rest.CatalogHandlers;
import org.apache.iceberg.rest.Endpoint;
import org.apache.iceberg.rest.RESTUtil;
import org.apache.iceberg.rest.requests.CreateNamespaceRequest;
import org.apache.iceberg.rest.requests.CreateTableRequest;
import org.apache.iceberg.rest.requests.CreateViewRequest;
import org.apache.iceberg.rest.requests.RegisterTableRequest;
import org.apache.iceberg.rest.requests.RenameTableRequest;
import org.apache.iceberg.rest.requests.UpdateNamespacePropertiesRequest;
import org.apache.iceberg.rest.requests.UpdateTableRequest;
import org.apache.iceberg.rest.responses.ConfigResponse;
import org.apache.iceberg.rest.responses.ErrorResponse;
import org.apache.iceberg.shaded.com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded Iceberg REST catalog: the standard REST protocol (the routes of Iceberg's
 * {@code rest-catalog-open-api.yaml}) served by the JDK HTTP server on 127.0.0.1, each route delegated to
 * iceberg-core's public {@link CatalogHandlers}, over a JdbcCatalog on an SQLite file that only this process
 * opens. Writers and Trino use it exactly as they would use Polaris, Nessie or Glue.
 *
 * <p>Why one process owns the SQLite file: SQLite under concurrent commits from two processes fails with
 * SQLITE_BUSY (STACK.md). Inside this process, mutations are serialized by a write lock for the same reason;
 * optimistic concurrency between clients is still Iceberg's (a stale commit gets 409 CommitFailed and retries).
 */
public final class RestCatalogService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RestCatalogService.class);

  /** The routes served; advertised in /v1/config so clients never call anything else. */
  static final List<Endpoint> ENDPOINTS = List.of(
      Endpoint.V1_LIST_NAMESPACES, Endpoint.V1_LOAD_NAMESPACE, Endpoint.V1_NAMESPACE_EXISTS,
      Endpoint.V1_CREATE_NAMESPACE, Endpoint.V1_UPDATE_NAMESPACE, Endpoint.V1_DELETE_NAMESPACE,
      Endpoint.V1_LIST_TABLES, Endpoint.V1_LOAD_TABLE, Endpoint.V1_TABLE_EXISTS, Endpoint.V1_CREATE_TABLE,
      Endpoint.V1_UPDATE_TABLE, Endpoint.V1_DELETE_TABLE, Endpoint.V1_RENAME_TABLE, Endpoint.V1_REGISTER_TABLE,
      Endpoint.V1_REPORT_METRICS,
      Endpoint.V1_LIST_VIEWS, Endpoint.V1_LOAD_VIEW, Endpoint.V1_VIEW_EXISTS, Endpoint.V1_CREATE_VIEW,
      Endpoint.V1_UPDATE_VIEW, Endpoint.V1_DELETE_VIEW, Endpoint.V1_RENAME_VIEW);

  private final Catalog catalog;
  private final HttpServer server;
  private final ExecutorService executor;
  private final ObjectMapper mapper = restMapper();
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock(true);
  private final String warehouse;

  private RestCatalogService(Catalog catalog, HttpServer server, ExecutorService executor, String warehouse) {
    this.catalog = catalog;
    this.server = server;
    this.executor = executor;
    this.warehouse = warehouse;
  }

  /**
   * Starts the service. {@code port} 0 picks a free port. {@code warehouse} must be a URI with a scheme
   * ({@code file:///...}): Trino cannot read tables under a bare path. The SQLite file defaults to
   * {@code catalog.db} beside a local warehouse.
   */
  public static RestCatalogService start(int port, String warehouse, Path sqliteFile) throws IOException {
    if (warehouse == null || !warehouse.matches("[a-z][a-z0-9+.-]*://.*")) {
      throw new CatalogConfigException("warehouse", warehouse, "a URI with a scheme, e.g. file:///var/lib/vgf/warehouse");
    }
    if (warehouse.startsWith("file:")) {
      Files.createDirectories(Path.of(URI.create(warehouse)));
    }
    Path db = sqliteFile != null ? sqliteFile : Path.of(URI.create(warehouse)).resolve("catalog.db");
    Files.createDirectories(db.toAbsolutePath().getParent());
    Map<String, String> props = new HashMap<>();
    props.put(CatalogProperties.CATALOG_IMPL, "org.apache.iceberg.jdbc.JdbcCatalog");
    props.put(CatalogProperties.URI, "jdbc:sqlite:" + db.toAbsolutePath());
    props.put(CatalogProperties.WAREHOUSE_LOCATION, warehouse);
    props.put("jdbc.schema-version", "V1");
    // One connection: SQLite allows one writer anyway, and the write lock below serializes mutations.
    props.put(CatalogProperties.CLIENT_POOL_SIZE, "1");
    Catalog catalog = CatalogUtil.buildIcebergCatalog("vgf", props, new Configuration());

    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
    ExecutorService executor = Executors.newFixedThreadPool(8, r -> {
      Thread t = new Thread(r, "rest-catalog");
      t.setDaemon(true);
      return t;
    });
    RestCatalogService service = new RestCatalogService(catalog, server, executor, warehouse);
    server.createContext("/", service::handle);
    server.setExecutor(executor);
    server.start();
    LOG.info("Iceberg REST catalog on {} (warehouse {}, catalog db {})", service.uri(), warehouse, db);
    return service;
  }

  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public String warehouse() {
    return warehouse;
  }

  /** The config clients use to reach this service. */
  public LakeCatalogConfig clientConfig() {
    return LakeCatalogConfig.rest(uri().toString());
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    try {
      if (catalog instanceof AutoCloseable c) {
        c.close();
      }
    } catch (Exception e) {
      LOG.warn("closing the catalog: {}", e.toString());
    }
  }

  // ------------------------------------------------------------------------------------------ routing

  private void handle(HttpExchange ex) throws IOException {
    String method = ex.getRequestMethod();
    String[] p = ex.getRequestURI().getRawPath().replaceAll("/+$", "").split("/");
    Map<String, String> query = query(ex.getRequestURI().getRawQuery());
    boolean mutation = !method.equals("GET") && !method.equals("HEAD");
    Lock l = mutation ? lock.writeLock() : lock.readLock();
    l.lock();
    try {
      Object response = route(method, p, query, ex);
      if (response == NO_CONTENT) {
        ex.sendResponseHeaders(204, -1);
      } else {
        send(ex, 200, mapper.writeValueAsBytes(response));
      }
    } catch (Exception e) {
      error(ex, e);
    } finally {
      l.unlock();
      ex.close();
    }
  }

  private static final Object NO_CONTENT = new Object();

  private Object route(String method, String[] p, Map<String, String> q, HttpExchange ex) throws IOException {
    // p[0] is "" (leading slash), p[1] "v1"; an optional prefix is not used by this service.
    if (p.length < 3 || !p[1].equals("v1")) {
      throw new RouteNotFound(method + " " + String.join("/", p));
    }
    SupportsNamespaces ns = (SupportsNamespaces) catalog;
    ViewCatalog views = (ViewCatalog) catalog;
    String r = p[2];
    if (r.equals("config") && p.length == 3 && method.equals("GET")) {
      return ConfigResponse.builder().withEndpoints(ENDPOINTS)
          .withDefault(CatalogProperties.WAREHOUSE_LOCATION, warehouse).build();
    }
    if (r.equals("tables") && p.length == 4 && p[3].equals("rename") && method.equals("POST")) {
      CatalogHandlers.renameTable(catalog, body(ex, RenameTableRequest.class));
      return NO_CONTENT;
    }
    if (r.equals("views") && p.length == 4 && p[3].equals("rename") && method.equals("POST")) {
      CatalogHandlers.renameView(views, body(ex, RenameTableRequest.class));
      return NO_CONTENT;
    }
    if (!r.equals("namespaces")) {
      throw new RouteNotFound(method + " " + String.join("/", p));
    }
    if (p.length == 3) {
      switch (method) {
        case "GET": {
          Namespace parent = q.containsKey("parent") ? RESTUtil.namespaceFromQueryParam(q.get("parent")) : Namespace.empty();
          return q.get("pageSize") != null
              ? CatalogHandlers.listNamespaces(ns, parent, q.get("pageToken"), q.get("pageSize"))
              : CatalogHandlers.listNamespaces(ns, parent);
        }
        case "POST":
          return CatalogHandlers.createNamespace(ns, body(ex, CreateNamespaceRequest.class));
        default:
          throw new RouteNotFound(method);
      }
    }
    Namespace namespace = RESTUtil.decodeNamespace(p[3]);
    if (p.length == 4) {
      switch (method) {
        case "GET":
          return CatalogHandlers.loadNamespace(ns, namespace);
        case "HEAD":
          CatalogHandlers.namespaceExists(ns, namespace);
          return NO_CONTENT;
        case "DELETE":
          CatalogHandlers.dropNamespace(ns, namespace);
          return NO_CONTENT;
        default:
          throw new RouteNotFound(method);
      }
    }
    String kind = p[4];
    if (p.length == 5) {
      switch (kind + " " + method) {
        case "properties POST":
          return CatalogHandlers.updateNamespaceProperties(ns, namespace, body(ex, UpdateNamespacePropertiesRequest.class));
        case "tables GET":
          return q.get("pageSize") != null
              ? CatalogHandlers.listTables(catalog, namespace, q.get("pageToken"), q.get("pageSize"))
              : CatalogHandlers.listTables(catalog, namespace);
        case "tables POST": {
          CreateTableRequest req = body(ex, CreateTableRequest.class);
          return req.stageCreate()
              ? CatalogHandlers.stageTableCreate(catalog, namespace, req)
              : CatalogHandlers.createTable(catalog, namespace, req);
        }
        case "register POST":
          return CatalogHandlers.registerTable(catalog, namespace, body(ex, RegisterTableRequest.class));
        case "views GET":
          return q.get("pageSize") != null
              ? CatalogHandlers.listViews(views, namespace, q.get("pageToken"), q.get("pageSize"))
              : CatalogHandlers.listViews(views, namespace);
        case "views POST":
          return CatalogHandlers.createView(views, namespace, body(ex, CreateViewRequest.class));
        default:
          throw new RouteNotFound(method + " " + kind);
      }
    }
    TableIdentifier ident = TableIdentifier.of(namespace, URLDecoder.decode(p[5], StandardCharsets.UTF_8));
    if (p.length == 6 && kind.equals("tables")) {
      switch (method) {
        case "GET":
          return CatalogHandlers.loadTable(catalog, ident);
        case "HEAD":
          CatalogHandlers.tableExists(catalog, ident);
          return NO_CONTENT;
        case "POST":
          return CatalogHandlers.updateTable(catalog, ident, body(ex, UpdateTableRequest.class));
        case "DELETE":
          if ("true".equals(q.get("purgeRequested"))) {
            CatalogHandlers.purgeTable(catalog, ident);
          } else {
            CatalogHandlers.dropTable(catalog, ident);
          }
          return NO_CONTENT;
        default:
          throw new RouteNotFound(method);
      }
    }
    if (p.length == 6 && kind.equals("views")) {
      switch (method) {
        case "GET":
          return CatalogHandlers.loadView(views, ident);
        case "HEAD":
          CatalogHandlers.viewExists(views, ident);
          return NO_CONTENT;
        case "POST":
          return CatalogHandlers.updateView(views, ident, body(ex, UpdateTableRequest.class));
        case "DELETE":
          CatalogHandlers.dropView(views, ident);
          return NO_CONTENT;
        default:
          throw new RouteNotFound(method);
      }
    }
    if (p.length == 7 && kind.equals("tables") && p[6].equals("metrics") && method.equals("POST")) {
      ex.getRequestBody().readAllBytes(); // scan/commit metrics: accepted and dropped (nothing collects them here)
      return NO_CONTENT;
    }
    throw new RouteNotFound(method + " " + String.join("/", p));
  }

  // ------------------------------------------------------------------------------------------ plumbing

  private <T> T body(HttpExchange ex, Class<T> type) throws IOException {
    try (InputStream in = ex.getRequestBody()) {
      return mapper.readValue(in, type);
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> q = new HashMap<>();
    if (raw != null) {
      for (String kv : raw.split("&")) {
        int eq = kv.indexOf('=');
        if (eq > 0) {
          q.put(URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8),
              URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
    }
    return q;
  }

  private void error(HttpExchange ex, Exception e) throws IOException {
    int code;
    if (e instanceof RouteNotFound || e instanceof NoSuchNamespaceException || e instanceof NoSuchTableException
        || e instanceof NoSuchViewException || e instanceof NotFoundException) {
      code = 404;
    } else if (e instanceof AlreadyExistsException || e instanceof CommitFailedException
        || e instanceof NamespaceNotEmptyException) {
      code = 409;
    } else if (e instanceof ValidationException || e instanceof BadRequestException
        || e instanceof IllegalArgumentException || e instanceof org.apache.iceberg.shaded.com.fasterxml.jackson.core.JsonProcessingException) {
      code = 400;
    } else if (e instanceof UnsupportedOperationException) {
      code = 406;
    } else {
      code = 500;
      LOG.error("REST catalog request {} {} failed", ex.getRequestMethod(), ex.getRequestURI(), e);
    }
    String type = e instanceof RouteNotFound ? "NoSuchEndpointException" : e.getClass().getSimpleName();
    ErrorResponse body = ErrorResponse.builder().responseCode(code).withType(type)
        .withMessage(String.valueOf(e.getMessage())).build();
    if (ex.getRequestMethod().equals("HEAD")) {
      ex.sendResponseHeaders(code, -1);
      return;
    }
    send(ex, code, mapper.writeValueAsBytes(body));
  }

  private static void send(HttpExchange ex, int code, byte[] bytes) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(code, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  /**
   * Iceberg's own REST mapper (kebab-case, every request/response serializer registered). It is
   * package-private in iceberg-core, so it is reached once by reflection rather than re-created by hand:
   * the wire format then cannot drift from the client's.
   */
  static ObjectMapper restMapper() {
    try {
      var m = Class.forName("org.apache.iceberg.rest.RESTObjectMapper").getDeclaredMethod("mapper");
      m.setAccessible(true);
      return (ObjectMapper) m.invoke(null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("iceberg-core's RESTObjectMapper not found: Iceberg version mismatch?", e);
    }
  }

  private static final class RouteNotFound extends RuntimeException {
    RouteNotFound(String what) {
      super("no route for " + what);
    }
  }
}
