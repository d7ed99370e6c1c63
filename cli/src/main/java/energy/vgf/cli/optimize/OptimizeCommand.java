package energy.vgf.cli.optimize;

import energy.vgf.optimizer.generate.InstanceGenerator;
import energy.vgf.optimizer.instance.Instance;
import energy.vgf.optimizer.instance.InstanceJson;
import energy.vgf.optimizer.instance.InvalidInstanceException;
import energy.vgf.optimizer.plan.Plan;
import energy.vgf.optimizer.plan.PlanJson;
import energy.vgf.optimizer.solve.Optimizer;
import energy.vgf.optimizer.solve.SolveOptions;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vgf optimize}: solves an instance file into a plan file, or generates a realistic instance. */
@Command(name = "optimize", mixinStandardHelpOptions = true,
    description = {"Plans depot charging and V2G for one horizon, or generates a realistic instance.",
        "  vgf optimize --instance in.json --out plan.json [--time-limit-ms N]",
        "  vgf optimize --generate --vehicles N --horizon T --seed S [--demand-response] [--regulation]"
            + " --out in.json"})
public final class OptimizeCommand implements Callable<Integer> {

  @Option(names = "--instance", description = "Instance JSON to solve.")
  Path instance;

  @Option(names = "--out", required = true, description = "Where to write the plan (or the generated instance).")
  Path out;

  @Option(names = "--time-limit-ms", defaultValue = "10000", description = "Solve budget in ms (default ${DEFAULT-VALUE}).")
  long timeLimitMs;

  @Option(names = "--generate", description = "Generate an instance instead of solving one.")
  boolean generate;

  @Option(names = "--vehicles", defaultValue = "200", description = "Vehicles to generate (default ${DEFAULT-VALUE}).")
  int vehicles;

  @Option(names = "--horizon", defaultValue = "96", description = "Intervals in the day (divides 1440; default ${DEFAULT-VALUE}).")
  int horizon;

  @Option(names = "--seed", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--demand-response", description = "Generate a demand-response event over the evening peak.")
  boolean demandResponse;

  @Option(names = "--regulation", description = "Generate regulation capacity prices.")
  boolean regulation;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    if (generate) {
      Instance in = InstanceGenerator.generate(vehicles, horizon, seed,
          new InstanceGenerator.GridServices(demandResponse, regulation));
      InstanceJson.write(in, out);
      spec.commandLine().getErr().printf("wrote %d vehicles x %d intervals to %s%n", vehicles, horizon, out);
      return 0;
    }
    if (instance == null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--instance is required unless --generate is given");
    }
    Instance in;
    try {
      in = InstanceJson.read(instance);
    } catch (InvalidInstanceException e) {
      spec.commandLine().getErr().println("invalid instance " + instance + ": " + e.getMessage());
      return 2;
    }
    Plan plan = Optimizer.solve(in, SolveOptions.defaults().withTimeLimitMs(timeLimitMs));
    PlanJson.write(plan, out);
    long met = plan.vehicles().stream().filter(v -> v.met()).count();
    spec.commandLine().getErr().printf("%s objective %.2f peak %.1f kW, %d/%d requirements met, %d ms (%s) -> %s%n",
        plan.status(), plan.objective(), plan.peakKw(), met, plan.vehicles().size(), plan.solveMs(),
        plan.method(), out);
    return 0;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new OptimizeCommand()).execute(args));
  }
}
