package energy.vgf.cli.lakehouse;

import energy.vgf.cli.platform.ServiceLifecycle;
import energy.vgf.lakehouse.trino.TrinoLauncher;
import energy.vgf.lakehouse.trino.TrinoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./vgf trino}: a real Trino 476 (Temurin 25) with the Iceberg connector on the lake's catalog. */
@Command(name = "trino", mixinStandardHelpOptions = true,
    description = "Trino 476 on 127.0.0.1 over the lake catalog; prints the JDBC URL. First run resolves ~540 MB with Maven.")
public final class TrinoCommand implements Callable<Integer> {

  @Mixin
  LakeOptions lake = new LakeOptions();

  @Option(names = "--port", defaultValue = "8080", description = "HTTP port (default ${DEFAULT-VALUE}; 0 = free)")
  int port;

  @Option(names = "--data-dir", defaultValue = "${java.io.tmpdir}/vgf-trino", description = "etc/ and data (default ${DEFAULT-VALUE})")
  Path dataDir;

  @Option(names = "--xmx", defaultValue = "2G", description = "Trino heap (default ${DEFAULT-VALUE})")
  String xmx;

  @Override
  public Integer call() throws Exception {
    ServiceLifecycle life = new ServiceLifecycle();
    TrinoServer server = life.manage(new TrinoLauncher().maxHeap(xmx, xmx.equals("2G") ? "1GB" : "512MB")
        .start(lake.catalog(), Files.createDirectories(dataDir), port));
    System.out.println("Trino ready: " + server.jdbcUrl() + " (pid " + server.pid() + ", log " + server.logFile() + ")");
    System.out.flush();
    life.awaitTermination();
    return 0;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new TrinoCommand()).execute(args));
  }
}
