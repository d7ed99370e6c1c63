package energy.vgf.lakehouse.trino;

import energy.vgf.lakehouse.catalog.LakeCatalogConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a real Trino 476 server as a child process on 127.0.0.1, with the Iceberg connector on the lake's
 * catalog (catalog name = the lake catalog's name, {@code vgf}).
 *
 * <p>Resolution (once, into a cache outside the repository, default {@code ~/.cache/vgf/trino-476}): Maven
 * itself copies {@code io.trino:trino-server-core:476:tar.gz} and {@code io.trino:trino-iceberg:476:zip} from
 * the registry (the full trino-server tarball is 821 MB; core + Iceberg is enough), the core is untarred and the
 * plugin unzipped as {@code plugin/iceberg}. Trino 476 needs Java 24+: it runs on the Temurin 25 JDK
 * ({@code VGF_TRINO_JAVA_HOME}, default {@code /usr/lib/jvm/temurin-25-jdk-amd64}).
 *
 * <p>Readiness follows what was measured here: {@code GET /v1/info} until {@code "starting":false}, then a probe
 * query until it succeeds (for a few seconds queries fail with "No nodes available to run query"), then the
 * coordinator active in {@code system.runtime.nodes} for longer than the scheduler's node-map refresh.
 */
public final class TrinoLauncher {

  private static final Logger LOG = LoggerFactory.getLogger(TrinoLauncher.class);
  public static final String VERSION = "476";
  /** How long Trino's node scheduler may keep its node map before it sees a node that became active. */
  static final Duration NODE_MAP_REFRESH = Duration.ofSeconds(6);

  private Path cacheDir = Path.of(System.getProperty("user.home"), ".cache", "vgf", "trino-" + VERSION);
  private Path javaHome = Path.of(System.getenv().getOrDefault("VGF_TRINO_JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64"));
  private String maxHeap = "2G";
  private String queryMaxMemory = "1GB";
  private Duration startTimeout = Duration.ofMinutes(3);

  public TrinoLauncher cacheDir(Path dir) {
    this.cacheDir = dir;
    return this;
  }

  public TrinoLauncher javaHome(Path home) {
    this.javaHome = home;
    return this;
  }

  public TrinoLauncher maxHeap(String xmx, String queryMaxMemory) {
    this.maxHeap = xmx;
    this.queryMaxMemory = queryMaxMemory;
    return this;
  }

  /** Ensures the server is unpacked in the cache and returns its installation directory. */
  public Path resolve() {
    Path home = cacheDir.resolve("trino-server-core-" + VERSION);
    Path plugin = home.resolve("plugin").resolve("iceberg");
    try {
      if (Files.isDirectory(home.resolve("lib")) && Files.isDirectory(plugin)) {
        return home;
      }
      Path dl = cacheDir.resolve("dl");
      Files.createDirectories(dl);
      Path tar = dl.resolve("trino-server-core-" + VERSION + ".tar.gz");
      Path zip = dl.resolve("trino-iceberg-" + VERSION + ".zip");
      if (!Files.exists(tar)) {
        mavenCopy("io.trino:trino-server-core:" + VERSION + ":tar.gz", dl);
      }
      if (!Files.exists(zip)) {
        mavenCopy("io.trino:trino-iceberg:" + VERSION + ":zip", dl);
      }
      run(List.of("tar", "xzf", tar.toString(), "-C", cacheDir.toString()), "untar " + tar);
      Path tmp = home.resolve("plugin").resolve("iceberg.tmp");
      unzip(zip, tmp);
      // the zip holds one top directory trino-iceberg-476/
      try (var top = Files.list(tmp)) {
        Path inner = top.findFirst().orElseThrow(() -> new TrinoException("empty plugin zip " + zip));
        Files.move(inner, plugin, StandardCopyOption.ATOMIC_MOVE);
      }
      Files.delete(tmp);
      return home;
    } catch (IOException e) {
      throw new TrinoException("could not unpack Trino into " + cacheDir + ": " + e.getMessage(), e);
    }
  }

  /** Starts a server on a free loopback port (or {@code port} if > 0) over the given catalog. */
  public TrinoServer start(LakeCatalogConfig catalog, Path dataDir, int port) {
    Path home = resolve();
    Path java = javaHome.resolve("bin").resolve("java");
    if (!Files.isExecutable(java)) {
      throw new TrinoException("Trino " + VERSION + " needs Java 24+: no " + java + " (set VGF_TRINO_JAVA_HOME)");
    }
    try {
      int httpPort = port > 0 ? port : freePort();
      Path etc = dataDir.resolve("etc");
      Files.createDirectories(etc.resolve("catalog"));
      Properties config = new Properties();
      config.setProperty("coordinator", "true");
      config.setProperty("node-scheduler.include-coordinator", "true");
      config.setProperty("http-server.http.port", String.valueOf(httpPort));
      config.setProperty("discovery.uri", "http://127.0.0.1:" + httpPort);
      config.setProperty("query.max-memory", queryMaxMemory);
      config.setProperty("query.max-memory-per-node", queryMaxMemory);
      config.setProperty("plugin.dir", home.resolve("plugin").toString());
      config.setProperty("catalog.config-dir", etc.resolve("catalog").toString());
      write(etc.resolve("config.properties"), config);
      Properties cat = new Properties();
      cat.putAll(catalog.trinoCatalogProperties());
      write(etc.resolve("catalog").resolve(catalog.name() + ".properties"), cat);
      Properties log = new Properties();
      log.setProperty("io.trino", "WARN");
      write(etc.resolve("log.properties"), log);

      List<String> cmd = new ArrayList<>(List.of(java.toString(), "-cp", home.resolve("lib") + "/*",
          "-Xmx" + maxHeap, "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError", "-Djdk.attach.allowAttachSelf=true",
          "--enable-native-access=ALL-UNNAMED", "-Dfile.encoding=UTF-8",
          "-Dnode.environment=vgf", "-Dnode.id=" + UUID.randomUUID(), "-Dnode.data-dir=" + dataDir.resolve("data"),
          // Without these two the server listens on all interfaces.
          "-Dnode.bind-ip=127.0.0.1", "-Dnode.internal-address=127.0.0.1",
          "-Dlog.levels-file=" + etc.resolve("log.properties"),
          "-Dconfig=" + etc.resolve("config.properties"), "io.trino.server.TrinoServer"));
      Path logFile = dataDir.resolve("trino.log");
      Process process = new ProcessBuilder(cmd).directory(dataDir.toFile())
          .redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
      TrinoServer server = new TrinoServer(process, httpPort, catalog.name(), logFile);
      try {
        awaitReady(server);
      } catch (RuntimeException e) {
        server.close();
        throw e;
      }
      LOG.info("Trino {} ready at {} (pid {})", VERSION, server.jdbcUrl(), process.pid());
      return server;
    } catch (IOException e) {
      throw new TrinoException("could not start Trino: " + e.getMessage(), e);
    }
  }

  private void awaitReady(TrinoServer server) {
    long deadline = System.nanoTime() + startTimeout.toNanos();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest info = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/info"))
        .timeout(Duration.ofSeconds(2)).build();
    String lastError = "not started";
    long activeSinceNanos = 0;
    while (System.nanoTime() < deadline) {
      if (!server.process().isAlive()) {
        throw new TrinoException("Trino exited with " + server.process().exitValue() + " during start; log: " + server.logFile()
            + "\n" + server.logTail(40));
      }
      try {
        HttpResponse<String> r = http.send(info, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200 && r.body().replace(" ", "").contains("\"starting\":false")) {
          try (Connection c = DriverManager.getConnection(server.jdbcUrl(), "vgf", null);
               Statement s = c.createStatement()) {
            // A scan of a lake table: "SELECT 1" and metadata queries succeed before the catalog has an
            // active node, and real queries then still fail with "No nodes available to run query".
            String probe = "SELECT 1";
            try (ResultSet t = s.executeQuery("SELECT table_schema, table_name FROM " + server.catalogName()
                + ".information_schema.tables WHERE table_schema <> 'information_schema' LIMIT 1")) {
              if (t.next()) {
                probe = "SELECT 1 FROM \"" + t.getString(1) + "\".\"" + t.getString(2) + "\" LIMIT 1";
              }
            }
            try (ResultSet rs = s.executeQuery(probe)) {
              rs.next();
            }
            // The probe may scan an empty table, which needs no node: also wait for the coordinator to be an
            // active node, and for the scheduler's node map (refreshed every 5 s) to have seen it (CI: "No nodes
            // available to run query" in the first real query after a probe of an empty table succeeded).
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM system.runtime.nodes WHERE state = 'active'")) {
              rs.next();
              if (rs.getLong(1) > 0) {
                if (activeSinceNanos == 0) {
                  activeSinceNanos = System.nanoTime();
                }
                if (System.nanoTime() - activeSinceNanos >= NODE_MAP_REFRESH.toNanos()) {
                  return;
                }
              } else {
                activeSinceNanos = 0;
              }
            }
          }
        }
        lastError = "starting";
      } catch (Exception e) {
        lastError = e.getMessage();
      }
      waitAbit(server.process(), 500);
    }
    throw new TrinoException("Trino not ready after " + startTimeout + " (last: " + lastError + "); log: " + server.logFile());
  }

  /** Waits on the child process (not a sleep on nothing): returns early if it dies. */
  private static void waitAbit(Process p, long millis) {
    try {
      p.waitFor(millis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TrinoException("interrupted while waiting for Trino", e);
    }
  }

  private static void mavenCopy(String artifact, Path dir) {
    String mvn = System.getenv().getOrDefault("VGF_MVN", "mvn");
    LOG.info("resolving {} with Maven into {}", artifact, dir);
    run(List.of(mvn, "-B", "-q", "dependency:copy", "-Dartifact=" + artifact, "-DoutputDirectory=" + dir),
        "mvn dependency:copy " + artifact);
  }

  private static void run(List<String> cmd, String what) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.waitFor() != 0) {
        throw new TrinoException(what + " failed (exit " + p.exitValue() + "): " + out);
      }
    } catch (IOException e) {
      throw new TrinoException(what + " could not run: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TrinoException(what + " interrupted", e);
    }
  }

  private static void unzip(Path zip, Path target) throws IOException {
    Files.createDirectories(target);
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
      ZipEntry e;
      while ((e = in.getNextEntry()) != null) {
        Path out = target.resolve(e.getName()).normalize();
        if (!out.startsWith(target)) {
          throw new IOException("zip entry outside the target: " + e.getName());
        }
        if (e.isDirectory()) {
          Files.createDirectories(out);
        } else {
          Files.createDirectories(out.getParent());
          Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  private static void write(Path file, Properties p) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (String k : new java.util.TreeSet<>(p.stringPropertyNames())) {
      sb.append(k).append('=').append(p.getProperty(k)).append('\n');
    }
    Files.writeString(file, sb.toString());
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
