package energy.vgf.flink.config;

import energy.vgf.schemas.Topics;

import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The typed configuration of the jobs: a properties file plus {@code --key value} overrides, validated
 * once at start-up (before the job graph is built) so that a bad value fails fast with a message naming
 * the key, the value and what is allowed. Pass-through groups keep security settings out of this class:
 * {@code kafka.*} goes to every Kafka client (SASL/TLS), {@code registry.*} to the registry client,
 * {@code lake.catalog.*} to the Iceberg catalog.
 */
public record JobConfig(
    String bootstrapServers,
    String registryUrl,
    Map<String, String> kafkaProperties,
    Map<String, String> registryProperties,
    String groupId,
    String startingOffsets,
    int parallelism,
    long checkpointIntervalMs,
    String stateBackend,
    String checkpointDir,
    boolean exactlyOnce,
    String transactionalIdPrefix,
    Duration outOfOrderness,
    Duration sourceIdleness,
    long autoWatermarkIntervalMs,
    int flexibilityWindowMinutes,
    int flexibilityHorizonIntervals,
    int dispatchIntervalMinutes,
    int dispatchHorizonIntervals,
    int setpointIntervals,
    long setpointGraceMs,
    long solveBudgetMs,
    int solverThreads,
    long rejectedChargerHoldMs,
    boolean replanOnPlugIn,
    long replanBudgetMs,
    String planTopic,
    int departureMarginMinutes,
    boolean dispatchWaitsForSignals,
    boolean progressFloor,
    double defaultRequiredSocPct,
    double socTolerancePct,
    double maxDriveKw,
    double stuckEnergyPct,
    double coldDerateBelowC,
    double coldDerateFactor,
    boolean lakeEnabled,
    String lakeCatalogName,
    String lakeNamespace,
    Map<String, String> lakeCatalogProperties,
    long lakeCommitIntervalMs,
    FleetRegistry fleet) implements Serializable {

  /** One documented key: the README's configuration table is generated from this list. */
  public record Key(String name, String dflt, String doc) {
  }

  public static final List<Key> KEYS = List.of(
      new Key("bootstrap.servers", null, "Kafka bootstrap servers (required)."),
      new Key("schema.registry.url", null, "Schema registry base URL(s), comma-separated (required)."),
      new Key("kafka.*", "", "Passed to every Kafka client: security.protocol, sasl.mechanism, sasl.jaas.config, ssl.truststore.location, ..."),
      new Key("registry.*", "", "Passed to the registry client, e.g. registry.basic.auth.user.info."),
      new Key("group.id", "vgf-flink", "Consumer group of the Kafka sources (offsets are committed on checkpoints)."),
      new Key("starting.offsets", "committed", "earliest | latest | committed (committed falls back to earliest)."),
      new Key("parallelism", "1", "Default operator parallelism, 1-1024."),
      new Key("checkpoint.interval.ms", "10000", "Checkpoint interval; transactional setpoints become visible on each checkpoint. 100-3600000."),
      new Key("state.backend", "hashmap", "hashmap | rocksdb (rocksdb for production; it is part of the Flink distribution)."),
      new Key("checkpoint.dir", "", "Durable checkpoint directory URI (e.g. s3://..., file:///...); empty keeps checkpoints in memory (tests)."),
      new Key("delivery.guarantee", "exactly-once", "exactly-once (transactional sinks) | at-least-once."),
      new Key("transactional.id.prefix", "vgf-flink", "Prefix of the Kafka transactional ids; unique per job deployment."),
      new Key("watermark.out.of.orderness.ms", "5000", "Bounded out-of-orderness of every source, ms, 0-3600000."),
      new Key("source.idleness.ms", "30000", "A source partition silent this long stops holding back the watermark, ms."),
      new Key("watermark.interval.ms", "200", "How often sources emit watermarks, ms."),
      new Key("flexibility.window.minutes", "5", "Tumbling event-time window of FlexibilityWindow records, minutes, 1-1440."),
      new Key("flexibility.horizon.intervals", "16", "Number of coming intervals (of dispatch.interval.minutes) in horizon_up_kw/down_kw."),
      new Key("dispatch.interval.minutes", "15", "Dispatch interval and optimizer interval length, minutes, 1-60."),
      new Key("dispatch.horizon.intervals", "96", "Optimizer horizon in intervals, 1-672."),
      new Key("dispatch.setpoint.intervals", "1", "How many first plan intervals each setpoint covers (the later ones as its steps), 1-horizon."),
      new Key("dispatch.setpoint.grace.ms", "120000", "valid_to = end of the last emitted interval + this grace; afterwards the charger's fail-safe applies."),
      new Key("dispatch.solve.budget.ms", "2000", "Optimizer time budget per site and run; over budget a quick plan is used (the plan in force continued, or least-laxity-first)."),
      new Key("dispatch.solver.threads", "2", "Optimizer worker threads per dispatch subtask, 1-64: sites due at the same boundary solve in parallel."),
      new Key("dispatch.rejected.charger.hold.ms", "900000", "How long a charger that rejected (or timed out on) a setpoint is planned around."),
      new Key("dispatch.replan.on.plug.in", "true", "Re-plan a site as soon as a vehicle plugs in (else it waits for the next interval boundary on its charger's fail-safe)."),
      new Key("dispatch.replan.budget.ms", "", "Optimizer budget of a re-plan (plug-in, rejected setpoint); empty: dispatch.solve.budget.ms; 0: the quick plan at once."),
      new Key("dispatch.plan.topic", Topics.DISPATCH_PLAN, "Topic for the rest-of-horizon DispatchPlan; empty: not published."),
      new Key("dispatch.departure.margin.minutes", "0", "Plan every departure requirement to be met this long before the departure, 0-240: room for setpoints that reach a charger late."),
      new Key("dispatch.wait.for.signals", "true", "Dispatch's event-time clock waits for the price, weather and grid-constraint streams (a replay plans the same every time); false: it follows the fleet's streams alone and plans with the latest signals it has (no wait for a quiet signal partition's idleness)."),
      new Key("dispatch.progress.floor", "false", "Raise each vehicle's first-interval power to the average rate it needs to its departure requirement (taken from vehicles planned above theirs, within the site limit): a plan never leaves a departure's charging to its last intervals, which setpoints that reach chargers late would miss."),
      new Key("dispatch.default.required.soc.pct", "80", "SoC planned for by the end of the horizon for a vehicle without a (future) FleetConstraint, %."),
      new Key("sanity.soc.tolerance.pct", "2", "SoC change always accepted between two readings (sensor quantisation), %."),
      new Key("sanity.max.drive.kw", "250", "Highest traction power used to bound a SoC drop between readings, kW."),
      new Key("sanity.stuck.energy.pct", "5", "Charger energy, as % of capacity, delivered under an unchanged SoC before the sensor is flagged stuck."),
      new Key("dispatch.cold.derate.below.c", "0", "Forecast temperature below which charging power is derated (cold batteries accept less)."),
      new Key("dispatch.cold.derate.factor", "0.7", "Charging power factor applied below that temperature, (0, 1]."),
      new Key("lake.enabled", "true", "Run the lake sink (lake job; core job ignores it)."),
      new Key("lake.catalog.name", "vgf", "Iceberg catalog name."),
      new Key("lake.namespace", "raw", "Iceberg namespace of the tables."),
      new Key("lake.catalog.*", "type=hadoop, warehouse=file:///tmp/vgf-lake", "Iceberg catalog properties (type=hadoop|rest|jdbc, uri, warehouse, credential, ...)."),
      new Key("lake.commit.interval.ms", "60000", "Lake job checkpoint interval = Iceberg commit interval, ms."),
      new Key("fleet.vehicle.<id|default>.*", "capacity.kwh=200, max.charge.kw=150, max.discharge.kw=0, efficiency=0.92, min.soc.pct=10", "Vehicle batteries."),
      new Key("fleet.charger.<id|default>.*", "max.kw=60, min.kw=0, bidirectional=false", "Charge points."),
      new Key("fleet.site.<id|default>.*", "import.limit.kw=1000, export.limit.kw=0, base.load.kw=0, base.load.utc.hours.kw= (24 comma-separated kW by UTC hour; overrides base.load.kw), demand.charge.per.kw=0, feeder=, price.node=, weather.location=<site id>, import.price.per.kwh=0.15, export.price.per.kwh=0", "Sites."));

  /** Reads {@code --config FILE} (optional) and every {@code --key value} (or {@code --key=value}) pair. */
  public static JobConfig fromArgs(String[] args) {
    Map<String, String> raw = new LinkedHashMap<>();
    List<String[]> overrides = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--")) {
        throw new ConfigException("(argument " + (i + 1) + ")", a, "expected --key value or --key=value");
      }
      String k = a.substring(2);
      String v;
      int eq = k.indexOf('=');
      if (eq >= 0) {
        v = k.substring(eq + 1);
        k = k.substring(0, eq);
      } else {
        if (i + 1 >= args.length) {
          throw new ConfigException(k, "", "a value must follow --" + k);
        }
        v = args[++i];
      }
      if (k.equals("config")) {
        raw.putAll(readFile(Path.of(v)));
      } else {
        overrides.add(new String[] {k, v});
      }
    }
    for (String[] o : overrides) {
      raw.put(o[0], o[1]);
    }
    return from(raw);
  }

  public static Map<String, String> readFile(Path file) {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file)) {
      p.load(r);
    } catch (IOException e) {
      throw new ConfigException("config", file.toString(), "must be a readable properties file (" + e.getMessage() + ")");
    }
    Map<String, String> out = new TreeMap<>();
    p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k).trim()));
    return out;
  }

  /** Validates every key; unknown keys are rejected so that a typo cannot silently fall back to a default. */
  public static JobConfig from(Map<String, String> raw) {
    for (String k : raw.keySet()) {
      if (!known(k)) {
        throw new ConfigException(k, raw.get(k), "is not a known key; see flink-jobs/README.md for the list");
      }
    }
    String bootstrap = required(raw, "bootstrap.servers");
    String registry = required(raw, "schema.registry.url");
    int parallelism = intIn(raw, "parallelism", 1, 1024);
    int dispatchInterval = intIn(raw, "dispatch.interval.minutes", 1, 60);
    if (60 % dispatchInterval != 0) {
      throw new ConfigException("dispatch.interval.minutes", String.valueOf(dispatchInterval),
          "must divide 60 (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60) so that intervals align with market intervals");
    }
    int horizon = intIn(raw, "dispatch.horizon.intervals", 1, 672);
    long solveBudgetMs = longIn(raw, "dispatch.solve.budget.ms", 1, 600_000);
    double deratefactor = FleetRegistry.number("dispatch.cold.derate.factor", raw.get("dispatch.cold.derate.factor"), 0.7);
    if (!(deratefactor > 0 && deratefactor <= 1)) {
      throw new ConfigException("dispatch.cold.derate.factor", raw.get("dispatch.cold.derate.factor"), "must be within (0, 1]");
    }
    Map<String, String> lakeCatalog = new TreeMap<>(Map.of("type", "hadoop", "warehouse", "file:///tmp/vgf-lake"));
    lakeCatalog.putAll(prefixed(raw, "lake.catalog."));
    lakeCatalog.remove("name");
    return new JobConfig(
        bootstrap,
        registry,
        prefixed(raw, "kafka."),
        prefixed(raw, "registry."),
        string(raw, "group.id"),
        oneOf(raw, "starting.offsets", "earliest", "latest", "committed"),
        parallelism,
        longIn(raw, "checkpoint.interval.ms", 100, 3_600_000),
        oneOf(raw, "state.backend", "hashmap", "rocksdb"),
        string(raw, "checkpoint.dir"),
        oneOf(raw, "delivery.guarantee", "exactly-once", "at-least-once").equals("exactly-once"),
        string(raw, "transactional.id.prefix"),
        Duration.ofMillis(longIn(raw, "watermark.out.of.orderness.ms", 0, 3_600_000)),
        Duration.ofMillis(longIn(raw, "source.idleness.ms", 1, 86_400_000)),
        longIn(raw, "watermark.interval.ms", 1, 60_000),
        intIn(raw, "flexibility.window.minutes", 1, 1440),
        intIn(raw, "flexibility.horizon.intervals", 1, 672),
        dispatchInterval,
        horizon,
        intIn(raw, "dispatch.setpoint.intervals", 1, horizon),
        longIn(raw, "dispatch.setpoint.grace.ms", 0, 3_600_000),
        solveBudgetMs,
        intIn(raw, "dispatch.solver.threads", 1, 64),
        longIn(raw, "dispatch.rejected.charger.hold.ms", 0, 86_400_000),
        FleetRegistry.bool("dispatch.replan.on.plug.in", raw.get("dispatch.replan.on.plug.in"), true),
        string(raw, "dispatch.replan.budget.ms").isEmpty() ? solveBudgetMs : longIn(raw, "dispatch.replan.budget.ms", 0, 600_000),
        string(raw, "dispatch.plan.topic"),
        intIn(raw, "dispatch.departure.margin.minutes", 0, 240),
        FleetRegistry.bool("dispatch.wait.for.signals", raw.get("dispatch.wait.for.signals"), true),
        FleetRegistry.bool("dispatch.progress.floor", raw.get("dispatch.progress.floor"), false),
        doubleIn(raw, "dispatch.default.required.soc.pct", 0, 100),
        doubleIn(raw, "sanity.soc.tolerance.pct", 0, 100),
        doubleIn(raw, "sanity.max.drive.kw", 1, 10_000),
        doubleIn(raw, "sanity.stuck.energy.pct", 0.1, 100),
        doubleIn(raw, "dispatch.cold.derate.below.c", -100, 100),
        deratefactor,
        FleetRegistry.bool("lake.enabled", raw.get("lake.enabled"), true),
        raw.getOrDefault("lake.catalog.name", "vgf"),
        string(raw, "lake.namespace"),
        lakeCatalog,
        longIn(raw, "lake.commit.interval.ms", 100, 3_600_000),
        FleetRegistry.from(raw));
  }

  /** Registry client settings for the serdes: the URL plus the {@code registry.*} pass-through. */
  public Map<String, String> serdeConfig() {
    Map<String, String> m = new TreeMap<>(registryProperties);
    m.put("schema.registry.url", registryUrl);
    return m;
  }

  @Override
  public String toString() {
    // Pass-through groups may hold secrets (sasl.jaas.config, basic auth): never print their values.
    return "JobConfig[bootstrap.servers=" + bootstrapServers + ", schema.registry.url=" + registryUrl
        + ", kafka.*=" + kafkaProperties.keySet() + ", registry.*=" + registryProperties.keySet()
        + ", parallelism=" + parallelism + ", checkpoint.interval.ms=" + checkpointIntervalMs
        + ", state.backend=" + stateBackend + ", delivery.guarantee=" + (exactlyOnce ? "exactly-once" : "at-least-once")
        + ", dispatch.interval.minutes=" + dispatchIntervalMinutes + ", dispatch.horizon.intervals=" + dispatchHorizonIntervals
        + ", dispatch.solve.budget.ms=" + solveBudgetMs + ", dispatch.solver.threads=" + solverThreads + ", lake.catalog=" + lakeCatalogProperties.get("type") + "]";
  }

  private static final Map<String, String> DEFAULTS = new LinkedHashMap<>();

  static {
    for (Key k : KEYS) {
      if (k.dflt() != null && !k.name().contains("*")) {
        DEFAULTS.put(k.name(), k.dflt());
      }
    }
  }

  private static boolean known(String key) {
    if (DEFAULTS.containsKey(key) || key.equals("bootstrap.servers") || key.equals("schema.registry.url")) {
      return true;
    }
    return key.startsWith("kafka.") || key.startsWith("registry.") || key.startsWith("lake.catalog.")
        || key.startsWith("fleet.vehicle.") || key.startsWith("fleet.charger.") || key.startsWith("fleet.site.");
  }

  private static Map<String, String> prefixed(Map<String, String> raw, String prefix) {
    Map<String, String> out = new TreeMap<>();
    raw.forEach((k, v) -> {
      if (k.startsWith(prefix)) {
        out.put(k.substring(prefix.length()), v);
      }
    });
    return out;
  }

  private static String required(Map<String, String> raw, String key) {
    String v = raw.get(key);
    if (v == null || v.isBlank()) {
      throw new ConfigException(key, v == null ? "" : v, "is required");
    }
    return v.trim();
  }

  private static String string(Map<String, String> raw, String key) {
    return raw.getOrDefault(key, DEFAULTS.get(key)).trim();
  }

  private static String oneOf(Map<String, String> raw, String key, String... allowed) {
    String v = string(raw, key).toLowerCase();
    for (String a : allowed) {
      if (a.equals(v)) {
        return a;
      }
    }
    throw new ConfigException(key, raw.get(key), "must be one of " + String.join(" | ", allowed));
  }

  private static long longIn(Map<String, String> raw, String key, long min, long max) {
    String v = string(raw, key);
    long n;
    try {
      n = Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new ConfigException(key, v, "must be a whole number within [" + min + ", " + max + "]");
    }
    if (n < min || n > max) {
      throw new ConfigException(key, v, "must be a whole number within [" + min + ", " + max + "]");
    }
    return n;
  }

  private static int intIn(Map<String, String> raw, String key, int min, int max) {
    return (int) longIn(raw, key, min, max);
  }

  private static double doubleIn(Map<String, String> raw, String key, double min, double max) {
    String v = string(raw, key);
    double d = FleetRegistry.number(key, v, 0);
    if (d < min || d > max) {
      throw new ConfigException(key, v, "must be a number within [" + min + ", " + max + "]");
    }
    return d;
  }
}
