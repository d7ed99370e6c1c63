package energy.vgf.lakehouse;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real PostgreSQL 15 from /usr/lib/postgresql/15/bin, once per test JVM, on a free 127.0.0.1 port.
 * PostgreSQL refuses to run as root, so initdb and postgres run as the {@code postgres} user through
 * {@code setpriv} (which execs, so the child's PID is postgres itself and stopping it is one signal).
 */
public final class PostgresExtension implements BeforeAllCallback {

  private static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
  private static Instance instance;

  public static String jdbcUrl() {
    return instance.url;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    synchronized (PostgresExtension.class) {
      if (instance == null) {
        instance = start();
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).put("vgf-postgres", instance);
      }
    }
  }

  private static Instance start() throws Exception {
    Path dir = Files.createTempDirectory(Path.of("/tmp"), "vgf-pg-");
    boolean root = "root".equals(System.getProperty("user.name"));
    if (root) {
      exec(List.of("chown", "-R", "postgres:postgres", dir.toString()));
      exec(List.of("chmod", "755", dir.toString()));
    }
    exec(as(root, List.of(BIN.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-A", "trust",
        "-U", "postgres", "--no-sync", "-E", "UTF8")));
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Process p = new ProcessBuilder(as(root, List.of(BIN.resolve("postgres").toString(), "-D",
        dir.resolve("data").toString(), "-p", String.valueOf(port), "-h", "127.0.0.1", "-k", dir.toString(), "-F")))
        .redirectErrorStream(true).redirectOutput(dir.resolve("postgres.log").toFile()).start();
    String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
    Awaitility.await("PostgreSQL on " + port).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
        .ignoreExceptions().until(() -> {
          if (!p.isAlive()) {
            throw new IllegalStateException("postgres exited: see " + dir.resolve("postgres.log"));
          }
          try (Connection c = DriverManager.getConnection(url)) {
            return c.isValid(1);
          }
        });
    return new Instance(p, url, dir);
  }

  private static List<String> as(boolean root, List<String> cmd) {
    if (!root) {
      return cmd;
    }
    List<String> out = new ArrayList<>(List.of("setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups"));
    out.addAll(cmd);
    return out;
  }

  private static void exec(List<String> cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IOException(cmd + " failed: " + out);
    }
  }

  private record Instance(Process process, String url, Path dir) implements ExtensionContext.Store.CloseableResource {
    @Override
    public void close() throws Exception {
      // SIGINT = PostgreSQL's fast shutdown (does not wait for pooled client connections to go away).
      new ProcessBuilder("kill", "-INT", String.valueOf(process.pid())).start().waitFor();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
      new ProcessBuilder("rm", "-rf", dir.toString()).start().waitFor();
    }
  }
}
