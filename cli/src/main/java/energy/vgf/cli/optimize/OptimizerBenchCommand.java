package energy.vgf.cli.optimize;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import energy.vgf.optimizer.fallback.LeastLaxityFirst;
import energy.vgf.optimizer.generate.InstanceGenerator;
import energy.vgf.optimizer.instance.Instance;
import energy.vgf.optimizer.instance.InstanceJson;
import energy.vgf.optimizer.plan.Plan;
import energy.vgf.optimizer.plan.PlanEvaluator;
import energy.vgf.optimizer.solve.Optimizer;
import energy.vgf.optimizer.solve.SolveOptions;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vgf bench optimizer}: the targets on generated fleets. Progress on stderr, one JSON line of
 * figures last on stdout. With python3 + scipy present it also times HiGHS on the same LP and compares the
 * objective; without, those figures are null.
 */
@Command(name = "optimizer", mixinStandardHelpOptions = true,
    description = "Benchmarks the optimizer: solve time, LP gap to HiGHS, savings against uncontrolled charging.")
public final class OptimizerBenchCommand implements Callable<Integer> {

  @Option(names = "--sizes", split = ",", defaultValue = "200,500,1000", description = "Fleet sizes (default ${DEFAULT-VALUE}).")
  int[] sizes;

  @Option(names = "--horizon", defaultValue = "96", description = "Intervals (default ${DEFAULT-VALUE}).")
  int horizon;

  @Option(names = "--seed", defaultValue = "42", description = "Seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--repeats", defaultValue = "3", description = "Warm solves per size; the median is reported.")
  int repeats;

  @Option(names = "--grid-services", description = "Generate instances with a demand-response event and regulation"
      + " prices (the HiGHS reference does not model them and is skipped).")
  boolean gridServices;

  @Option(names = "--highs", negatable = true, defaultValue = "true", description = "Compare with scipy HiGHS when available.")
  boolean highs;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode out = mapper.createObjectNode();
    out.put("horizon", horizon);
    out.put("threads", 1);
    out.put("grid_services", gridServices);
    ArrayNode results = out.putArray("sizes");
    boolean first = true;
    for (int n : sizes) {
      Instance in = InstanceGenerator.generate(n, horizon, seed,
          gridServices ? InstanceGenerator.GridServices.ALL : InstanceGenerator.GridServices.NONE);
      ObjectNode r = results.addObject();
      r.put("vehicles", n);
      long coldStart = System.nanoTime();
      Plan cold = Optimizer.solve(in, SolveOptions.defaults().withTimeLimitMs(60_000));
      if (first) {
        r.put("first_solve_in_process_ms", (System.nanoTime() - coldStart) / 1_000_000);
        first = false;
      }
      long[] times = new long[repeats];
      Plan plan = cold;
      for (int k = 0; k < repeats; k++) {
        plan = Optimizer.solve(in, SolveOptions.defaults().withTimeLimitMs(60_000));
        times[k] = plan.solveMs();
      }
      java.util.Arrays.sort(times);
      long warm = times[repeats / 2];
      long fallbackMs = Long.MAX_VALUE;
      for (int k = 0; k < Math.max(3, repeats); k++) {
        long t0 = System.nanoTime();
        Optimizer.fallback(in);
        fallbackMs = Math.min(fallbackMs, (System.nanoTime() - t0) / 1_000_000);
      }
      Plan uncontrolled = PlanEvaluator.evaluate(in, LeastLaxityFirst.uncontrolled(in), Map.of(), 0, false,
          "uncontrolled", 0);
      long met = plan.vehicles().stream().filter(v -> v.met()).count();
      long possible = plan.vehicles().stream().filter(v -> v.physicallyPossible()).count();
      long possibleMet = plan.vehicles().stream().filter(v -> v.physicallyPossible() && v.met()).count();
      r.put("status", plan.status().name());
      r.put("solve_ms_warm_median", warm);
      r.put("fallback_ms", fallbackMs);
      r.put("objective", plan.objective());
      r.put("peak_kw", plan.peakKw());
      r.put("dr_revenue", plan.cost().drRevenue());
      r.put("regulation_revenue", plan.cost().regulationRevenue());
      r.put("violations", plan.violations().size());
      r.put("requirements_met", met);
      r.put("requirements_physically_possible", possible);
      r.put("possible_requirements_met", possibleMet);
      r.put("uncontrolled_objective", uncontrolled.objective());
      r.put("uncontrolled_peak_kw", uncontrolled.peakKw());
      r.put("uncontrolled_violations", uncontrolled.violations().size());
      r.put("cost_reduction_pct", 100 * (uncontrolled.objective() - plan.objective()) / Math.abs(uncontrolled.objective()));
      r.put("peak_reduction_pct", 100 * (uncontrolled.peakKw() - plan.peakKw()) / uncontrolled.peakKw());
      if (highs && !gridServices) {
        double[] ref = highsReference(in, err);
        if (ref != null) {
          r.put("highs_objective", ref[0]);
          r.put("highs_ms", (long) ref[1]);
          r.put("gap_to_highs_pct", 100 * (plan.objective() - ref[0]) / Math.max(1.0, Math.abs(ref[0])));
        } else {
          r.putNull("highs_objective");
        }
      }
      err.printf("N=%d T=%d: %s %d ms warm, fallback %d ms, objective %.2f (uncontrolled %.2f), peak %.1f kW (uncontrolled %.1f)%n",
          n, horizon, plan.status(), warm, fallbackMs, plan.objective(), uncontrolled.objective(),
          plan.peakKw(), uncontrolled.peakKw());
      err.flush();
    }
    spec.commandLine().getOut().println(mapper.writeValueAsString(out));
    return 0;
  }

  /** HiGHS through scipy on the same LP (hard requirements): {objective, solve ms}, or null if unavailable. */
  private double[] highsReference(Instance in, PrintWriter err) {
    try {
      Path dir = Files.createTempDirectory("vgf-bench");
      Path json = dir.resolve("instance.json");
      Path script = dir.resolve("highs_reference.py");
      InstanceJson.write(in, json);
      Files.writeString(script, HighsReference.SCRIPT);
      Process p = new ProcessBuilder("python3", script.toString(), json.toString()).redirectErrorStream(true).start();
      String text = new String(p.getInputStream().readAllBytes()).trim();
      if (!p.waitFor(600, TimeUnit.SECONDS) || p.exitValue() != 0) {
        err.println("HiGHS reference skipped: " + text);
        return null;
      }
      String[] lines = text.split("\n");
      String[] parts = lines[lines.length - 1].trim().split(" ");
      return new double[] {Double.parseDouble(parts[0]), Double.parseDouble(parts[1])};
    } catch (Exception e) {
      err.println("HiGHS reference skipped: " + e.getMessage());
      return null;
    }
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new OptimizerBenchCommand()).execute(args));
  }
}
