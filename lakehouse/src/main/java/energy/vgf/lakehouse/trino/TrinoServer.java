package energy.vgf.lakehouse.trino;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A running Trino child process; {@link #close()} stops it by PID (SIGTERM, then SIGKILL after 20 s). */
public final class TrinoServer implements AutoCloseable {

  private final Process process;
  private final int port;
  private final String catalog;
  private final Path logFile;

  TrinoServer(Process process, int port, String catalog, Path logFile) {
    this.process = process;
    this.port = port;
    this.catalog = catalog;
    this.logFile = logFile;
  }

  public String jdbcUrl() {
    return "jdbc:trino://127.0.0.1:" + port + "/" + catalog;
  }

  public String httpUrl() {
    return "http://127.0.0.1:" + port;
  }

  public String catalogName() {
    return catalog;
  }

  public int port() {
    return port;
  }

  public long pid() {
    return process.pid();
  }

  Process process() {
    return process;
  }

  public Path logFile() {
    return logFile;
  }

  String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(logFile);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
