package energy.vgf.cli.ocpp;

import energy.vgf.ocpp.sim.FleetMain;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vgf chargers-sim}: simulated chargers for demos and manual tests against a running bridge. */
@Command(name = "chargers-sim", mixinStandardHelpOptions = true,
    description = "Run simulated OCPP chargers (ids <prefix>0..N-1) against a bridge.")
public final class ChargersSimCommand implements Callable<Integer> {
  @Option(names = "--uri", defaultValue = "ws://127.0.0.1:8887/ocpp", description = "Bridge base URL (default: ${DEFAULT-VALUE}).")
  String uri;

  @Option(names = "--chargers", defaultValue = "1", description = "Number of chargers (default: ${DEFAULT-VALUE}).")
  int chargers;

  @Option(names = "--prefix", defaultValue = "cp-", description = "Id prefix (default: ${DEFAULT-VALUE}).")
  String prefix;

  @Option(names = "--password", defaultValue = "${VGF_CHARGER_PASSWORD:-}", description = "Basic-auth password of every charger (env VGF_CHARGER_PASSWORD).")
  String password;

  @Option(names = "--ocpp-version", defaultValue = "ocpp1.6", description = "ocpp1.6, ocpp2.0.1 or ocpp2.1 (default: ${DEFAULT-VALUE}).")
  String version;

  @Option(names = "--plug-in", description = "Plug a vehicle into every charger once booted.")
  boolean plugIn;

  @Option(names = "--meter-seconds", defaultValue = "10", description = "MeterValues interval (default: ${DEFAULT-VALUE}).")
  long meterSeconds;

  @Option(names = "--max-seconds", defaultValue = "3600", description = "Stop after this long (default: ${DEFAULT-VALUE}).")
  long maxSeconds;

  @Override
  public Integer call() throws Exception {
    List<String> args = new ArrayList<>(List.of("--uri", uri, "--chargers", Integer.toString(chargers), "--prefix",
        prefix, "--version", version, "--meter-seconds", Long.toString(meterSeconds), "--max-seconds",
        Long.toString(maxSeconds)));
    if (password != null && !password.isEmpty()) {
      args.addAll(List.of("--password", password));
    }
    if (plugIn) {
      args.add("--plug-in");
    }
    FleetMain.main(args.toArray(String[]::new));
    return 0;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new ChargersSimCommand()).execute(args));
  }
}
