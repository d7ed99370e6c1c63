package energy.vgf.cli.simulate;

import energy.vgf.cli.ProgressBar;
import energy.vgf.ocpp.kafka.KafkaSettings;
import energy.vgf.ocpp.rpc.OcppVersion;
import energy.vgf.ocpp.security.PasswordHasher;
import energy.vgf.simulator.RunSummary;
import energy.vgf.simulator.output.JsonLinesSink;
import energy.vgf.simulator.output.KafkaStreamSink;
import energy.vgf.simulator.output.StreamSink;
import energy.vgf.simulator.output.StreamSinks;
import energy.vgf.simulator.scenario.Scenario;
import energy.vgf.simulator.scenario.ScenarioException;
import energy.vgf.simulator.scenario.ScenarioLoader;
import energy.vgf.simulator.twin.ChargerCredentials;
import energy.vgf.simulator.twin.DepotTwin;
import energy.vgf.simulator.twin.TwinConfig;
import energy.vgf.simulator.twin.TwinException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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
 * {@code vgf twin}: the depot digital twin in closed loop with a running OCPP bridge. Every charger of
 * the scenario connects to the bridge as a simulated charge point; the scenario's streams go to Kafka
 * (and files with --out) paced at --speed, with each vehicle's SoC following what its charger delivers.
 */
@Command(name = "twin", mixinStandardHelpOptions = true,
    description = {"Run the depot digital twin against a running OCPP bridge: chargers as OCPP clients, vehicles "
        + "plugging in and out, SoC following the energy the chargers deliver under the bridge's profiles.",
        "The bridge and OCPP run on the wall clock, the scenario at --speed x: setpoints for simulated times must "
        + "carry wall-clock validity (see simulator/README.md, \"Depot twin\").",
        "Examples:",
        "  vgf twin --bridge ws://127.0.0.1:8887/ocpp --speed 360 --hours 6 --vehicles 12",
        "  vgf twin --bridge ws://127.0.0.1:8887/ocpp --credentials twin-passwords.txt"})
public final class TwinCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--scenario", defaultValue = ScenarioLoader.DEFAULT, paramLabel = "FILE|NAME",
      description = "Scenario YAML file, or a bundled one by name. Default: ${DEFAULT-VALUE}.")
  String scenario;

  @Option(names = "--seed", description = "Override the scenario's seed.")
  Long seed;

  @Option(names = "--days", description = "Override the number of days.")
  Integer days;

  @Option(names = "--start", paramLabel = "YYYY-MM-DD", description = "Override the first local date.")
  String start;

  @Option(names = "--vehicles", description = "Scale all fleets (and chargers) to this many vehicles in total.")
  Integer vehicles;

  @Option(names = "--hours", description = "Run only the first N simulated hours of the scenario (whole minutes).")
  Double hours;

  @Option(names = "--bridge", required = true, paramLabel = "ws://HOST:PORT/ocpp",
      description = "The bridge's charger endpoint (each charger appends /<chargerId>).")
  URI bridge;

  @Option(names = "--bootstrap", defaultValue = "${VGF_BOOTSTRAP:-127.0.0.1:9092}", paramLabel = "HOST:PORT",
      description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}, env VGF_BOOTSTRAP).")
  String bootstrap;

  @Option(names = "--registry", defaultValue = "${VGF_REGISTRY:-http://127.0.0.1:8081}", paramLabel = "URL",
      description = "Schema registry URL (default: ${DEFAULT-VALUE}, env VGF_REGISTRY).")
  String registry;

  @Option(names = "--speed", defaultValue = "60",
      description = "Simulated seconds per wall-clock second, also the chargers' timeScale (max 1800). "
          + "Default: ${DEFAULT-VALUE}.")
  double speed;

  @Option(names = "--ocpp-version", defaultValue = "ocpp1.6", paramLabel = "ocpp1.6|ocpp2.0.1|ocpp2.1",
      description = "OCPP version of every twin charger. Default: ${DEFAULT-VALUE}.")
  String ocppVersion;

  @Option(names = "--credentials", paramLabel = "FILE",
      description = "Chargers enrolled beforehand: one '<chargerId> <password>' per line ('#' comments). "
          + "Without it the twin enrols its chargers on the enrolment topic with fresh passwords it keeps in memory.")
  Path credentials;

  @Option(names = "--no-auth", description = "Connect without credentials (a bridge with --security-profile 0).")
  boolean noAuth;

  @Option(names = "--meter-interval-s", defaultValue = "300",
      description = "Simulated seconds between the chargers' meter values (at least 1 wall-clock second). "
          + "Default: ${DEFAULT-VALUE}.")
  long meterIntervalS;

  @Option(names = "--ready-timeout-s", defaultValue = "120",
      description = "Wall-clock seconds the chargers get to connect and be configured. Default: ${DEFAULT-VALUE}.")
  long readyTimeoutS;

  @Option(names = "--out", paramLabel = "DIR", description = "Also write one JSON-lines file per stream into DIR.")
  Path out;

  @Option(names = "--no-progress", description = "No progress bar on stderr.")
  boolean noProgress;

  @Override
  public Integer call() {
    Scenario s = scenario();
    TwinConfig config = config(s);
    ChargerCredentials creds = credentials(s);
    RunSummary summary;
    StreamSink sink = null;
    Thread hook = null;
    try (DepotTwin twin = new DepotTwin(s, config, creds)) {
      // Ctrl-C / SIGTERM: end the chargers' sessions so the bridge records them as ended.
      hook = new Thread(twin::close, "vgf-twin-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      List<StreamSink> sinks = new ArrayList<>();
      sinks.add(new KafkaStreamSink(bootstrap, registry, Map.of()));
      if (out != null) {
        sinks.add(new JsonLinesSink(out));
      }
      sink = StreamSinks.tee(sinks);
      twin.clock().started().thenAccept(c -> spec.commandLine().getErr().printf(Locale.ROOT,
          "depot twin running: simulated %s = wall %s, %.0f x real time, %d chargers on %s%n",
          c.simulatedStart(), c.wallStart(), c.speed(), twin.chargers().size(), bridge));
      DoubleConsumer progress = noProgress ? f -> { } : new ProgressBar(spec.commandLine().getErr(),
          String.format(Locale.ROOT, "twin %s: %d vehicles, %d chargers", s.name(), s.vehicleCount(),
              twin.chargers().size()));
      summary = twin.run(sink, progress);
    } catch (TwinException e) {
      spec.commandLine().getErr().println("twin: " + e.getMessage());
      return 1;
    } finally {
      if (sink != null) {
        sink.close();
      }
      if (hook != null) {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // the hook runs anyway
        }
      }
    }
    StringBuilder json = new StringBuilder();
    json.append(String.format(Locale.ROOT, "{\"scenario\":\"%s\",\"seed\":%d,\"vehicles\":%d,\"speed\":%.1f,\"records\":{",
        s.name(), s.seed(), summary.vehicles(), speed));
    summary.records().forEach((stream, n) -> json.append('"').append(stream.topic()).append("\":").append(n).append(','));
    json.setLength(json.length() - 1);
    double gridKwh = summary.ledgers().stream().mapToDouble(l -> l.gridKwh()).sum();
    json.append(String.format(Locale.ROOT, "},\"charged_grid_kwh\":%.1f,\"elapsed_s\":%.2f}", gridKwh,
        summary.elapsedS()));
    spec.commandLine().getOut().println(json);
    spec.commandLine().getOut().flush();
    return 0;
  }

  private Scenario scenario() {
    try {
      Scenario s = ScenarioLoader.load(scenario);
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
      return s;
    } catch (ScenarioException | IllegalArgumentException | java.time.DateTimeException e) {
      throw new ParameterException(spec.commandLine(), "scenario: " + e.getMessage());
    }
  }

  private TwinConfig config(Scenario s) {
    OcppVersion version = OcppVersion.fromSubprotocol(ocppVersion).orElseThrow(() -> new ParameterException(
        spec.commandLine(), "--ocpp-version '" + ocppVersion + "' must be ocpp1.6, ocpp2.0.1 or ocpp2.1"));
    if (meterIntervalS < 1) {
      throw new ParameterException(spec.commandLine(), "--meter-interval-s must be >= 1, got " + meterIntervalS);
    }
    if (noAuth && credentials != null) {
      throw new ParameterException(spec.commandLine(), "--no-auth and --credentials exclude each other");
    }
    try {
      TwinConfig c = TwinConfig.defaults(bridge, speed).withVersion(version)
          .withMeterInterval(Duration.ofSeconds(meterIntervalS))
          .withTimeouts(Duration.ofSeconds(readyTimeoutS), Duration.ofSeconds(10));
      if (hours != null) {
        if (!(hours > 0)) {
          throw new ParameterException(spec.commandLine(), "--hours must be > 0, got " + hours);
        }
        // Whole minutes keep the end on the simulation's tick grid (ticks divide a minute).
        c = c.withRunFor(Duration.ofMinutes(Math.max(1, Math.round(hours * 60))));
      }
      return c;
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private ChargerCredentials credentials(Scenario s) {
    if (noAuth) {
      return ChargerCredentials.none();
    }
    if (credentials != null) {
      return ChargerCredentials.of(readCredentials(credentials));
    }
    KafkaSettings kafka = new KafkaSettings(bootstrap, registry, "vgf-twin", 0, 1);
    Map<String, String> passwords = TwinEnrolment.enrol(s, kafka, PasswordHasher.DEFAULT_ITERATIONS);
    spec.commandLine().getErr().printf(Locale.ROOT, "enrolled %d twin chargers on the enrolment topic%n",
        passwords.size());
    return ChargerCredentials.of(passwords);
  }

  private Map<String, String> readCredentials(Path file) {
    Map<String, String> m = new HashMap<>();
    try {
      int n = 0;
      for (String line : Files.readAllLines(file)) {
        n++;
        String t = line.strip();
        if (t.isEmpty() || t.startsWith("#")) {
          continue;
        }
        String[] parts = t.split("\\s+");
        if (parts.length != 2) {
          // Never echo the line: it holds a password.
          throw new ParameterException(spec.commandLine(), file + " line " + n
              + ": expected '<chargerId> <password>'");
        }
        m.put(parts[0], parts[1]);
      }
    } catch (IOException e) {
      throw new ParameterException(spec.commandLine(), "cannot read --credentials " + file + ": " + e.getMessage());
    }
    return m;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new TwinCommand()).execute(args));
  }
}
