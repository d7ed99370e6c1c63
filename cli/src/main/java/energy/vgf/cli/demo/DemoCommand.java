package energy.vgf.cli.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import energy.vgf.cli.platform.ServiceLifecycle;
import energy.vgf.dispatch.DispatchSetpoint;
import energy.vgf.dispatch.SetpointReason;
import energy.vgf.kafka.EmbeddedKafka;
import energy.vgf.optimizer.fallback.LeastLaxityFirst;
import energy.vgf.optimizer.generate.InstanceGenerator;
import energy.vgf.optimizer.instance.Instance;
import energy.vgf.optimizer.plan.Plan;
import energy.vgf.optimizer.plan.PlanEvaluator;
import energy.vgf.optimizer.plan.VehiclePlan;
import energy.vgf.optimizer.solve.Optimizer;
import energy.vgf.optimizer.solve.SolveOptions;
import energy.vgf.registry.RegistryConfig;
import energy.vgf.registry.SchemaRegistryServer;
import energy.vgf.schemas.Topics;
import energy.vgf.serde.kafka.VgfAvroDeserializer;
import energy.vgf.serde.kafka.VgfAvroSerializer;
import energy.vgf.simulator.scenario.Scenario;
import energy.vgf.simulator.scenario.ScenarioException;
import energy.vgf.simulator.scenario.ScenarioLoader;
import energy.vgf.simulator.twin.TwinConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ./vgf demo}: the platform end to end on the embedded default. By default the full pipeline
 * ({@link FullPipeline}): the scenario's whole fleet for a simulated week through the broker, registry, OCPP
 * bridge, Flink core and lake jobs and the depot twin, then settlement over Iceberg, KPIs and a report.
 * {@code --pipeline thin} is the quick look: the base services and one optimizer plan of a depot day against
 * the uncontrolled counterfactual, its first setpoints delivered through Kafka.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Runs the platform end to end on the embedded default and writes KPIs and a report",
        "to target/vgf-demo (kpis.json, endpoints.json, report.html)."})
public final class DemoCommand implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Option(names = "--seed", defaultValue = "7", description = "Scenario seed. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--vehicles", defaultValue = "120", description = "Thin pipeline: vehicles at the depot. Default: ${DEFAULT-VALUE}.")
  int vehicles;

  @Option(names = "--horizon", defaultValue = "96", description = "Thin pipeline: 15-minute intervals planned. Default: ${DEFAULT-VALUE}.")
  int horizon;

  @Option(names = "--out", defaultValue = "target/vgf-demo", description = "Output directory. Default: ${DEFAULT-VALUE}.")
  Path out;

  @Option(names = "--keep-running", description = "Leave the services up for exploration until Ctrl-C.")
  boolean keepRunning;

  @Option(names = "--pipeline", defaultValue = "full", paramLabel = "full|thin",
      description = {"full: broker, registry, OCPP bridge, Flink core and lake jobs, the depot twin over OCPP at "
          + "--speed, settlement over Iceberg. thin: broker, registry and one optimizer plan (seconds). "
          + "Default: ${DEFAULT-VALUE}."})
  String pipeline;

  @Option(names = "--scenario", defaultValue = ScenarioLoader.DEFAULT, paramLabel = "FILE|NAME",
      description = "Full pipeline: scenario YAML file or bundled name. Default: ${DEFAULT-VALUE}.")
  String scenario;

  @Option(names = "--scale", defaultValue = "1",
      description = "Full pipeline: fraction of the scenario's vehicles (and chargers), (0, 1]. Default: ${DEFAULT-VALUE}.")
  double scale;

  @Option(names = "--speed", defaultValue = "1500",
      description = "Full pipeline: simulated seconds per wall-clock second, at most 1800 (a week at 1,500 x is "
          + "under 7 minutes of twin). Default: ${DEFAULT-VALUE}.")
  double speed;

  @Option(names = "--duration", defaultValue = "7d", paramLabel = "Nh|Nd",
      description = "Full pipeline: simulated time to run from the scenario's start, hours (6h) or days (1d). "
          + "Default: ${DEFAULT-VALUE}.")
  String duration;

  @Option(names = "--solve-budget-ms", defaultValue = "0",
      description = "Full pipeline: optimizer budget per site and dispatch, wall ms; 0: half a dispatch interval "
          + "at --speed, at most 1000 (a plan later than that would be stale). Default: ${DEFAULT-VALUE}.")
  long solveBudgetMs;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Files.createDirectories(out);
    if (pipeline.equals("full")) {
      return full();
    }
    if (!pipeline.equals("thin")) {
      throw new ParameterException(spec.commandLine(), "--pipeline '" + pipeline + "' must be full or thin");
    }
    Progress progress = new Progress(5);
    ServiceLifecycle lifecycle = new ServiceLifecycle();
    try {
      progress.step("starting Kafka (KRaft) and the schema registry");
      EmbeddedKafka kafka = lifecycle.manage(EmbeddedKafka.start());
      kafka.createCatalogTopics();
      SchemaRegistryServer registry = lifecycle.manage(
          SchemaRegistryServer.start(RegistryConfig.local(kafka.bootstrapServers())));
      writeEndpoints(kafka, registry);

      progress.step("planning " + vehicles + " vehicles over " + horizon + " intervals");
      Instance instance = InstanceGenerator.generate(vehicles, horizon, seed);
      Plan plan = Optimizer.solve(instance, SolveOptions.defaults().withTimeLimitMs(30_000));
      Plan uncontrolled = PlanEvaluator.evaluate(instance, LeastLaxityFirst.uncontrolled(instance), Map.of(), 0, false,
          "uncontrolled", 0);

      progress.step("delivering each charger's first setpoint through Kafka");
      int delivered = deliverFirstInterval(instance, plan, kafka.bootstrapServers(), registry.url());

      progress.step("writing the report");
      Path report = out.resolve("report.html").toAbsolutePath();
      Files.writeString(report, report(instance, plan, uncontrolled));

      progress.step("writing KPIs");
      ObjectNode kpis = kpis(plan, uncontrolled, delivered, report);
      Files.writeString(out.resolve("kpis.json"), JSON.writeValueAsString(kpis));
      progress.done();
      printSummary(kpis);

      if (keepRunning) {
        System.out.println("Services stay up (endpoints in " + out.resolve("endpoints.json") + "); Ctrl-C to stop.");
        lifecycle.awaitTermination();
      }
      return 0;
    } finally {
      lifecycle.closeAll();
    }
  }

  private int full() throws Exception {
    Scenario s;
    Duration simulated;
    try {
      s = ScenarioLoader.load(scenario).withSeed(seed);
      if (!(scale > 0 && scale <= 1)) {
        throw new IllegalArgumentException("--scale must be in (0, 1], got " + scale);
      }
      if (scale < 1) {
        s = s.withVehicles(Math.max(1, (int) Math.round(s.vehicleCount() * scale)));
      }
      simulated = parseDuration(duration);
      if (simulated.compareTo(Duration.between(s.startInstant(), s.endInstant())) > 0) {
        throw new IllegalArgumentException("--duration " + duration + " is longer than the scenario's " + s.days()
            + " days");
      }
      if (!(speed >= 1 && speed <= TwinConfig.MAX_SPEED)) {
        throw new IllegalArgumentException("--speed must be in [1, " + TwinConfig.MAX_SPEED + "], got " + speed);
      }
    } catch (IllegalArgumentException | ScenarioException | java.time.DateTimeException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    if (solveBudgetMs < 0) {
      throw new ParameterException(spec.commandLine(), "--solve-budget-ms must be >= 0 (0: automatic), got " + solveBudgetMs);
    }
    long budgetMs = solveBudgetMs > 0 ? solveBudgetMs : autoSolveBudgetMs(speed);
    ObjectNode kpis = new FullPipeline(new FullPipeline.Settings(s, scale, speed, simulated, out, budgetMs, keepRunning),
        System.err).run();
    printSummary(kpis);
    return 0;
  }

  /**
   * Half of a 15-minute dispatch interval in wall time at {@code speed}, within [100, 1000] ms: the setpoints of a
   * plan that took longer would arrive when most of their interval has passed on the accelerated chargers.
   */
  static long autoSolveBudgetMs(double speed) {
    return Math.max(100, Math.min(1000, Math.round(15 * 60_000 / speed / 2)));
  }

  /** "6h", "90m" or "2d" of simulated time, in whole minutes (the twin's tick grid divides a minute). */
  static Duration parseDuration(String text) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+(?:\\.\\d+)?)([mhd])").matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("--duration '" + text + "' must be a number with m, h or d, e.g. 6h or 1d");
    }
    double minutes = Double.parseDouble(m.group(1)) * switch (m.group(2)) {
      case "m" -> 1;
      case "h" -> 60;
      default -> 1440;
    };
    if (minutes < 1) {
      throw new IllegalArgumentException("--duration '" + text + "' must be at least one minute");
    }
    return Duration.ofMinutes(Math.round(minutes));
  }

  private void writeEndpoints(EmbeddedKafka kafka, SchemaRegistryServer registry) throws Exception {
    ObjectNode endpoints = JSON.createObjectNode();
    endpoints.put("kafka_bootstrap", kafka.bootstrapServers());
    endpoints.put("registry_url", registry.url());
    endpoints.putNull("bridge_url");
    endpoints.putNull("catalog_url");
    endpoints.putNull("flink_web_ui");
    endpoints.putNull("trino_jdbc_url");
    Files.writeString(out.resolve("endpoints.json"), JSON.writeValueAsString(endpoints));
  }

  private int deliverFirstInterval(Instance instance, Plan plan, String bootstrap, String registryUrl) {
    Map<String, Object> serde = Map.of("schema.registry.url", registryUrl);
    String planId = "demo-" + UUID.nameUUIDFromBytes(Long.toString(seed).getBytes());
    Duration interval = Duration.ofMinutes(instance.intervalMinutes());
    int sent = 0;
    try (KafkaProducer<String, DispatchSetpoint> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
        new StringSerializer(), new VgfAvroSerializer<>(serde, false))) {
      for (int i = 0; i < instance.vehicles().size(); i++) {
        var vehicle = instance.vehicles().get(i);
        VehiclePlan vp = plan.vehicle(vehicle.id());
        int first = instance.firstInterval(vehicle);
        if (first >= instance.endInterval(vehicle)) {
          continue; // never plugged in within the horizon: nothing to send to a charger
        }
        // Each charger gets the setpoint of the first interval its vehicle is plugged in.
        Instant from = instance.start().plus(interval.multipliedBy(first));
        Instant to = from.plus(interval);
        String chargerId = vehicle.chargerId() == null ? "cp-" + vehicle.id() : vehicle.chargerId();
        DispatchSetpoint setpoint = DispatchSetpoint.newBuilder()
            .setSetpointId(planId + "-" + vehicle.id() + "-" + first).setPlanId(planId).setSiteId("depot-demo")
            .setChargerId(chargerId).setVehicleId(vehicle.id()).setPowerKw(vp.powerKw()[first])
            .setValidFrom(from).setValidTo(to).setReason(SetpointReason.OPTIMIZER).setCreatedAt(Instant.now())
            .build();
        producer.send(new ProducerRecord<>(Topics.DISPATCH_SETPOINT, chargerId, setpoint));
        sent++;
      }
      producer.flush();
    }
    // Read them back through the registry, as the OCPP bridge will.
    int read = 0;
    try (KafkaConsumer<String, DispatchSetpoint> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.GROUP_ID_CONFIG, "vgf-demo-check",
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new VgfAvroDeserializer<>(serde, false))) {
      consumer.subscribe(List.of(Topics.DISPATCH_SETPOINT));
      long deadline = System.currentTimeMillis() + 30_000;
      while (read < sent && System.currentTimeMillis() < deadline) {
        read += consumer.poll(Duration.ofMillis(200)).count();
      }
    }
    if (read != sent) {
      throw new IllegalStateException("sent " + sent + " setpoints but read back " + read);
    }
    return read;
  }

  private ObjectNode kpis(Plan plan, Plan uncontrolled, int delivered, Path report) {
    long possible = plan.vehicles().stream().filter(VehiclePlan::physicallyPossible).count();
    long possibleMet = plan.vehicles().stream().filter(v -> v.physicallyPossible() && v.met()).count();
    ObjectNode k = JSON.createObjectNode();
    k.put("departure_soc_success_pct", possible == 0 ? 100.0 : round(100.0 * possibleMet / possible));
    k.put("infeasible_departures", plan.vehicles().size() - possible);
    k.put("site_limit_violations", plan.violations().size());
    k.put("peak_kw", round(plan.peakKw()));
    k.put("uncontrolled_peak_kw", round(uncontrolled.peakKw()));
    k.put("peak_reduction_pct", round(100 * (uncontrolled.peakKw() - plan.peakKw()) / uncontrolled.peakKw()));
    k.put("energy_cost_usd", round(plan.cost().energy()));
    k.put("uncontrolled_energy_cost_usd", round(uncontrolled.cost().energy()));
    k.put("demand_charge_savings_usd", round(uncontrolled.cost().demand() - plan.cost().demand()));
    k.put("v2g_revenue_usd", round(plan.cost().exportRevenue()));
    // Settlement (issue 7) computes these from the lakehouse; the thin demo has no meter data yet.
    k.putNull("dr_performance_kwh");
    k.putNull("carbon_avoided_kg");
    k.put("report_path", report.toString());
    k.put("setpoints_delivered", delivered);
    k.put("uncontrolled_site_limit_violations", uncontrolled.violations().size());
    return k;
  }

  private String report(Instance instance, Plan plan, Plan uncontrolled) {
    double[] limit = instance.site().importLimitKw();
    String chart = LoadChart.svg("Depot load: managed vs uncontrolled vs limit", instance.intervalMinutes(),
        new LoadChart.Series("managed", "#1b7f3b", plan.netLoadKw(), false),
        new LoadChart.Series("uncontrolled", "#c0392b", uncontrolled.netLoadKw(), false),
        new LoadChart.Series("import limit", "#555", limit, true));
    return """
        <!doctype html><html><head><meta charset="utf-8"><title>VGF demo report</title>
        <style>body{font-family:sans-serif;margin:2em;max-width:960px} td,th{padding:4px 12px;text-align:right}</style>
        </head><body><h1>VGF demo: one depot day</h1>
        <p>%d vehicles, %d intervals of %d min from %s (UTC).</p>
        %s
        <table><tr><th></th><th>managed</th><th>uncontrolled</th></tr>
        <tr><td>peak kW</td><td>%.1f</td><td>%.1f</td></tr>
        <tr><td>energy cost $</td><td>%.2f</td><td>%.2f</td></tr>
        <tr><td>demand charge $</td><td>%.2f</td><td>%.2f</td></tr>
        <tr><td>limit violations</td><td>%d</td><td>%d</td></tr></table>
        </body></html>
        """.formatted(instance.vehicles().size(), instance.horizon(), instance.intervalMinutes(), instance.start(),
        chart, plan.peakKw(), uncontrolled.peakKw(), plan.cost().energy(), uncontrolled.cost().energy(),
        plan.cost().demand(), uncontrolled.cost().demand(), plan.violations().size(), uncontrolled.violations().size());
  }

  private static void printSummary(ObjectNode kpis) {
    System.out.println("VGF demo KPIs");
    kpis.fields().forEachRemaining(e -> System.out.printf(Locale.ROOT, "  %-34s %s%n", e.getKey(), e.getValue()));
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }

  /** A one-line progress bar on stderr. */
  private static final class Progress {
    private final int steps;
    private int done;

    Progress(int steps) {
      this.steps = steps;
    }

    void step(String what) {
      int width = 30;
      int filled = width * done / steps;
      System.err.printf("\r[%s%s] %d/%d %-60s", "#".repeat(filled), ".".repeat(width - filled), done + 1, steps, what);
      System.err.flush();
      done++;
    }

    void done() {
      System.err.printf("\r[%s] %d/%d %-60s%n", "#".repeat(30), steps, steps, "done");
    }
  }
}
