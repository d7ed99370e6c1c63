package energy.vgf.cli.simulate;

import energy.vgf.simulator.bench.SimulatorBench;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vgf bench simulator}: one week for 1,000 vehicles (the default scenario scaled), written as
 * JSON lines; the last stdout line is one JSON object with the figures. Target: under 30 s.
 */
@Command(name = "simulator", mixinStandardHelpOptions = true,
    description = "Benchmark the synthetic telematics engine (target: 1,000 vehicles x 7 days in < 30 s).")
public final class SimulatorBenchCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--vehicles", defaultValue = "1000", description = "Default: ${DEFAULT-VALUE}.")
  int vehicles;

  @Option(names = "--days", defaultValue = "7", description = "Default: ${DEFAULT-VALUE}.")
  int days;

  @Option(names = "--seed", defaultValue = "42", description = "Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--scenario", defaultValue = "default", description = "Scenario to scale. Default: ${DEFAULT-VALUE}.")
  String scenario;

  @Option(names = "--out", paramLabel = "DIR", description = "Keep the files in DIR (default: a temporary directory, deleted).")
  Path out;

  @Option(names = "--discard", description = "Generate only; write nothing (measures the engine without I/O).")
  boolean discard;

  @Override
  public Integer call() {
    SimulatorBench.Result r = SimulatorBench.run(scenario, vehicles, days, seed, out, discard);
    spec.commandLine().getOut().println(r.toJson());
    spec.commandLine().getOut().flush();
    return 0;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new SimulatorBenchCommand()).execute(args));
  }
}
