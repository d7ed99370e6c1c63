package energy.vgf.cli.ocpp;

import energy.vgf.ocpp.bench.BridgeBench;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vgf bench bridge}: connections, heap and setpoint-burst latency of one bridge instance on loopback. Runs
 * the bridge in a JVM with a 1 GB heap and the simulated fleet in another; last stdout line is JSON.
 */
@Command(name = "bridge", mixinStandardHelpOptions = true,
    description = "Benchmark one OCPP bridge instance with simulated chargers on loopback.")
public final class BridgeBenchCommand implements Callable<Integer> {
  @Option(names = "--chargers", defaultValue = "10000", description = "Simulated chargers (default: ${DEFAULT-VALUE}).")
  int chargers;

  @Option(names = "--version", defaultValue = "ocpp1.6", description = "ocpp1.6, ocpp2.0.1 or ocpp2.1 (default: ${DEFAULT-VALUE}).")
  String version;

  @Option(names = "--timeout-s", defaultValue = "300", description = "Hard stop after this many seconds (default: ${DEFAULT-VALUE}).")
  long timeoutS;

  @Override
  public Integer call() throws Exception {
    BridgeBench.main(new String[] {"--chargers", Integer.toString(chargers), "--version", version,
        "--timeout-s", Long.toString(timeoutS)});
    return 0;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new BridgeBenchCommand()).execute(args));
  }
}
