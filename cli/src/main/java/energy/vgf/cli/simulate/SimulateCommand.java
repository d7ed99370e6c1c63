package energy.vgf.cli.simulate;

import energy.vgf.cli.ProgressBar;
import energy.vgf.simulator.RunSummary;
import energy.vgf.simulator.Simulation;
import energy.vgf.simulator.calibration.Calibration;
import energy.vgf.simulator.calibration.CalibrationReport;
import energy.vgf.simulator.output.JsonLinesSink;
import energy.vgf.simulator.output.KafkaStreamSink;
import energy.vgf.simulator.output.Pacer;
import energy.vgf.simulator.output.StreamSink;
import energy.vgf.simulator.output.StreamSinks;
import energy.vgf.simulator.scenario.FaultSpec;
import energy.vgf.simulator.scenario.Scenario;
import energy.vgf.simulator.scenario.ScenarioException;
import energy.vgf.simulator.scenario.ScenarioLoader;
import energy.vgf.simulator.vendor.VendorJsonSink;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.DoubleConsumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code vgf simulate}: runs a scenario of the synthetic telematics engine to JSON-lines files
 * and/or to Kafka through the schema registry, or prints the calibration table.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
    description = {"Generate the platform's streams (telemetry, fleet constraints, site meter, prices, weather, "
        + "grid signals) for a scenario, deterministically for a seed.",
        "Examples:",
        "  vgf simulate --out out/                                  (default scenario, files)",
        "  vgf simulate --scenario s.yaml --seed 7 --bootstrap localhost:9092 --registry http://localhost:8081 --speed 600",
        "  vgf simulate --calibrate"})
public final class SimulateCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--scenario", defaultValue = ScenarioLoader.DEFAULT, paramLabel = "FILE|NAME",
      description = "Scenario YAML file, or a bundled one by name (default, calibration). Default: ${DEFAULT-VALUE}.")
  String scenario;

  @Option(names = "--seed", description = "Override the scenario's seed.")
  Long seed;

  @Option(names = "--days", description = "Override the number of days.")
  Integer days;

  @Option(names = "--start", paramLabel = "YYYY-MM-DD", description = "Override the first local date.")
  String start;

  @Option(names = "--vehicles", description = "Scale all fleets (and chargers) to this many vehicles in total.")
  Integer vehicles;

  @Option(names = "--out", paramLabel = "DIR", description = "Write one JSON-lines file per stream into DIR.")
  Path out;

  @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "Kafka bootstrap servers.")
  String bootstrap;

  @Option(names = "--registry", paramLabel = "URL", description = "Schema registry URL (required with --bootstrap).")
  String registry;

  @Option(names = "--speed", defaultValue = "0",
      description = "Replay at this multiple of real time (600: a day in 144 s); 0 = as fast as possible. Default: ${DEFAULT-VALUE}.")
  double speed;

  @Option(names = "--faults", description = "Switch on the scenario's telematics and meter faults "
      + "(a typical mix if the scenario sets none).")
  boolean faults;

  @Option(names = "--vendor-formats", description = "Also write the telemetry as Samsara, Geotab and Verizon Connect API JSON (needs --out).")
  boolean vendorFormats;

  @Option(names = "--calibrate", description = "Print generated vs target statistics per archetype "
      + "(uses the bundled 'calibration' scenario unless --scenario is given) and exit 0 when all means are within 5%%.")
  boolean calibrate;

  @Option(names = "--no-progress", description = "No progress bar on stderr.")
  boolean noProgress;

  @Override
  public Integer call() {
    Scenario s;
    try {
      String name = calibrate && scenario.equals(ScenarioLoader.DEFAULT) && !spec.commandLine().getParseResult()
          .hasMatchedOption("--scenario") ? Calibration.SCENARIO : scenario;
      s = ScenarioLoader.load(name);
      if (seed != null) {
        s = s.withSeed(seed);
      }
      if (start != null) {
        s = s.withStart(start);
      }
      if (days != null) {
        s = s.withDays(days);
      }
      if (vehicles != null) {
        s = s.withVehicles(vehicles);
      }
      if (faults) {
        FaultSpec f = s.faults();
        s = s.withFaults(f.gapsPerDay() + f.duplicatePct() + f.outOfOrderPct() + f.stuckSocPerDay()
            + f.clockSkewVehiclePct() + f.meterMissingPct() == 0 ? FaultSpec.TYPICAL : withEnabled(f));
      }
    } catch (ScenarioException | IllegalArgumentException | java.time.DateTimeException e) {
      throw new ParameterException(spec.commandLine(), "scenario: " + e.getMessage());
    }
    if (calibrate) {
      CalibrationReport report = Calibration.run(s);
      spec.commandLine().getOut().print(report.table());
      spec.commandLine().getOut().flush();
      return report.allWithin(5) ? 0 : 1;
    }
    if (out == null && bootstrap == null) {
      throw new ParameterException(spec.commandLine(), "give --out DIR and/or --bootstrap HOST:PORT --registry URL");
    }
    if (bootstrap != null && registry == null) {
      throw new ParameterException(spec.commandLine(), "--bootstrap needs --registry URL (values go through the schema registry)");
    }
    if (vendorFormats && out == null) {
      throw new ParameterException(spec.commandLine(), "--vendor-formats needs --out DIR");
    }
    if (speed < 0) {
      throw new ParameterException(spec.commandLine(), "--speed must be >= 0, got " + speed);
    }
    List<StreamSink> sinks = new ArrayList<>();
    try {
      if (out != null) {
        sinks.add(new JsonLinesSink(out));
        if (vendorFormats) {
          sinks.add(new VendorJsonSink(out));
        }
      }
      if (bootstrap != null) {
        sinks.add(new KafkaStreamSink(bootstrap, registry, Map.of()));
      }
    } catch (RuntimeException e) {
      sinks.forEach(StreamSink::close);
      throw e;
    }
    Pacer pacer = speed > 0 ? Pacer.realTime(speed, s.startInstant().getEpochSecond()) : Pacer.NONE;
    DoubleConsumer progress = noProgress ? f -> { } : new ProgressBar(spec.commandLine().getErr(),
        String.format(Locale.ROOT, "%s: %d vehicles x %d days", s.name(), s.vehicleCount(), s.days()));
    RunSummary summary;
    try (StreamSink sink = StreamSinks.tee(sinks)) {
      summary = new Simulation(s).run(sink, pacer, progress);
    }
    StringBuilder json = new StringBuilder();
    json.append(String.format(Locale.ROOT, "{\"scenario\":\"%s\",\"seed\":%d,\"vehicles\":%d,\"days\":%d,\"records\":{",
        s.name(), s.seed(), summary.vehicles(), summary.days()));
    summary.records().forEach((stream, n) -> json.append('"').append(stream.topic()).append("\":").append(n).append(','));
    json.setLength(json.length() - 1);
    json.append(String.format(Locale.ROOT, "},\"elapsed_s\":%.2f}", summary.elapsedS()));
    spec.commandLine().getOut().println(json);
    spec.commandLine().getOut().flush();
    return 0;
  }

  private static FaultSpec withEnabled(FaultSpec f) {
    return new FaultSpec(true, f.gapsPerDay(), f.gapMeanMin(), f.duplicatePct(), f.outOfOrderPct(), f.stuckSocPerDay(),
        f.stuckSocMeanH(), f.clockSkewVehiclePct(), f.clockSkewMaxS(), f.meterMissingPct());
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new SimulateCommand()).execute(args));
  }
}
