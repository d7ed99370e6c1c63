package energy.vgf.cli.stack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import energy.vgf.cli.Vgf;
import energy.vgf.stack.FlinkCluster;
import energy.vgf.stack.FlinkRest;
import energy.vgf.stack.JobRecord;
import energy.vgf.stack.ProcessSupervisor;
import energy.vgf.stack.RunDirectory;
import energy.vgf.stack.ServiceRecord;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./vgf stack up|status|down}: the platform as separate processes, the way it is deployed,
 * with logs, data and pids under one run directory.
 */
@Command(name = "stack", mixinStandardHelpOptions = true,
    description = {"Runs the platform as separate processes, the way it is deployed, all on 127.0.0.1.",
        "Always: Kafka broker (KRaft), schema registry, Iceberg REST catalog (warehouse in the run directory),",
        "Flink JobManager + TaskManager (from Flink's own artifacts; RocksDB, checkpoints in the run directory),",
        "the core and lake jobs submitted as jars through Flink's REST API, and the OCPP bridge.",
        "Optional: --with-simulator, --with-trino, --with-connect.",
        "Logs in <run-dir>/logs, pids and start times in services.json, job ids in jobs.json, endpoints in endpoints.json.",
        "  up      start everything and print the endpoints",
        "  status  show each service (and each job's state)",
        "  down    cancel the jobs, then stop exactly what up started, newest first"})
public final class StackCommand implements Callable<Integer> {

  static final String CATALOG = "catalog";
  static final String BRIDGE = "bridge";
  static final String SIMULATOR = "simulator";
  static final String TRINO = "trino";
  static final String CONNECT = "connect";

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Parameters(index = "0", description = "up | status | down")
  String action;

  @Option(names = "--run-dir", defaultValue = ".vgf/stack", description = "Run directory. Default: ${DEFAULT-VALUE}.")
  Path runDir;

  @Option(names = "--kafka-port", defaultValue = "9092", description = "Default: ${DEFAULT-VALUE} (0: any free port).")
  int kafkaPort;

  @Option(names = "--registry-port", defaultValue = "8081", description = "Default: ${DEFAULT-VALUE} (0: any free port).")
  int registryPort;

  @Option(names = "--flink-port", defaultValue = "8082", description = "Flink REST and web UI port. Default: ${DEFAULT-VALUE}.")
  int flinkPort;

  @Option(names = "--flink-slots", defaultValue = "4", description = "Task slots of the TaskManager. Default: ${DEFAULT-VALUE}.")
  int flinkSlots;

  @Option(names = "--catalog-port", defaultValue = "8181", description = "Iceberg REST catalog port. Default: ${DEFAULT-VALUE} (0: any free port).")
  int catalogPort;

  @Option(names = "--bridge-port", defaultValue = "8887", description = "OCPP bridge port. Default: ${DEFAULT-VALUE} (0: any free port).")
  int bridgePort;

  @Option(names = "--no-jobs", description = "Do not submit the core and lake jobs (e.g. to submit your own).")
  boolean noJobs;

  @Option(names = "--job-set", paramLabel = "KEY=VALUE",
      description = "flink-jobs configuration for both jobs, repeatable (e.g. --job-set checkpoint.interval.ms=5000).")
  List<String> jobSettings = new ArrayList<>();

  @Option(names = "--no-bridge", description = "Do not start the OCPP bridge.")
  boolean noBridge;

  @Option(names = "--with-simulator", description = "Also run the simulator (./vgf simulate) into the broker.")
  boolean withSimulator;

  @Option(names = "--sim-scenario", defaultValue = "default", description = "Simulator scenario file or name. Default: ${DEFAULT-VALUE}.")
  String simScenario;

  @Option(names = "--sim-seed", defaultValue = "42", description = "Simulator seed. Default: ${DEFAULT-VALUE}.")
  long simSeed;

  @Option(names = "--sim-speed", defaultValue = "600", description = "Simulator speed (multiple of real time). Default: ${DEFAULT-VALUE}.")
  double simSpeed;

  @Option(names = "--sim-vehicles", description = "Scale the simulated fleets to this many vehicles.")
  Integer simVehicles;

  @Option(names = "--with-trino", description = "Also run Trino 476 (Temurin 25, ~1-2 GB) over the stack's catalog.")
  boolean withTrino;

  @Option(names = "--trino-port", defaultValue = "8080", description = "Default: ${DEFAULT-VALUE} (0: any free port).")
  int trinoPort;

  @Option(names = "--with-connect", description = "Also run a Kafka Connect worker with the VGF source connectors.")
  boolean withConnect;

  @Option(names = "--connect-port", defaultValue = "8083", description = "Default: ${DEFAULT-VALUE}.")
  int connectPort;

  @Option(names = "--timeout-s", defaultValue = "120", description = "How long each service may take to be ready.")
  int timeoutSeconds;

  @Override
  public Integer call() throws Exception {
    RunDirectory run = new RunDirectory(runDir);
    ProcessSupervisor supervisor = new ProcessSupervisor(run);
    return switch (action) {
      case "up" -> up(supervisor);
      case "status" -> status(supervisor);
      case "down" -> down(supervisor);
      default -> throw new IllegalArgumentException("unknown action '" + action + "': use up, status or down");
    };
  }

  private int up(ProcessSupervisor supervisor) throws Exception {
    RunDirectory run = supervisor.run();
    List<ServiceRecord> running = run.services().stream().filter(supervisor::isRunning).toList();
    if (!running.isEmpty()) {
      System.err.println("A stack already runs in " + run.root() + " (" + running.size()
          + " services): ./vgf stack status, or ./vgf stack down first.");
      return 1;
    }
    // A stale record of a stack that died would make down cancel jobs on someone else's cluster.
    run.forgetJobs();
    Duration timeout = Duration.ofSeconds(timeoutSeconds);
    ObjectNode endpoints = JSON.createObjectNode();
    try {
      step("Kafka broker");
      Process kafka = supervisor.startJava("kafka", vgfJvm("768m"), vgf("kafka", "--port", Integer.toString(kafkaPort),
          "--dir", run.dir("kafka-data").toString()));
      String bootstrap = supervisor.awaitLogLine("kafka", kafka, Pattern.compile("bootstrap\\.servers=(\\S+)"), timeout);
      supervisor.recordEndpoint("kafka", bootstrap);
      endpoints.put("kafka_bootstrap", bootstrap);
      ready("kafka", bootstrap);

      step("schema registry");
      Process registry = supervisor.startJava("registry", vgfJvm("384m"), vgf("registry", "--port",
          Integer.toString(registryPort), "--bootstrap", bootstrap));
      String registryUrl = supervisor.awaitLogLine("registry", registry,
          Pattern.compile("Schema registry ready: (\\S+)"), timeout);
      supervisor.await("registry", registry, timeout, () -> httpOk(registryUrl + "/subjects"));
      supervisor.recordEndpoint("registry", registryUrl);
      endpoints.put("registry_url", registryUrl);
      ready("registry", registryUrl);

      step("Iceberg REST catalog");
      Process catalog = supervisor.startJava(CATALOG, vgfJvm("512m"), vgf("catalog", "--port",
          Integer.toString(catalogPort), "--warehouse", run.dir("warehouse").toUri().toString(),
          "--db", run.root().resolve("catalog.db").toString()));
      String catalogUrl = supervisor.awaitLogLine(CATALOG, catalog,
          Pattern.compile("Iceberg REST catalog ready at (\\S+)"), timeout);
      supervisor.await(CATALOG, catalog, timeout, () -> httpOk(catalogUrl + "/v1/config"));
      supervisor.recordEndpoint(CATALOG, catalogUrl);
      endpoints.put("catalog_url", catalogUrl);
      ready(CATALOG, catalogUrl);

      step("Flink JobManager and TaskManager");
      FlinkCluster flink = new FlinkCluster(supervisor, new FlinkCluster.Config(
          FlinkCluster.Config.classpathFrom(repoRoot().resolve("flink-dist/target/flink-classpath.txt")),
          flinkPort, flinkSlots, "1024m", "2048m"));
      flink.start(timeout);
      endpoints.put("flink_web_ui", flink.restUrl());
      ready("flink", flink.restUrl());

      if (!noJobs) {
        step("Flink core and lake jobs (jar upload through the REST API)");
        submitJobs(run, flink.rest(), bootstrap, registryUrl, catalogUrl, timeout);
      }

      if (!noBridge) {
        startBridge(supervisor, bootstrap, registryUrl, timeout, endpoints);
      }
      if (withSimulator) {
        step("simulator");
        startSimulator(supervisor, bootstrap, registryUrl, timeout);
        endpoints.put("simulator", "scenario " + simScenario + ", seed " + simSeed + ", speed " + simSpeed);
      }
      if (withTrino) {
        step("Trino (Temurin 25)");
        // ./vgf trino runs the Trino server itself on Temurin 25 (TrinoLauncher) and stops it on SIGTERM.
        Process trino = supervisor.startJava(TRINO, vgfJvm("256m"), vgf("trino", "--catalog-uri", catalogUrl,
            "--port", Integer.toString(trinoPort), "--data-dir", run.dir("trino").toString(), "--xmx", "1G"));
        String jdbc = supervisor.awaitLogLine(TRINO, trino, Pattern.compile("Trino ready: (\\S+)"),
            timeout.plusSeconds(120));
        supervisor.recordEndpoint(TRINO, jdbc);
        endpoints.put("trino_jdbc_url", jdbc);
        ready(TRINO, jdbc);
      }
      if (withConnect) {
        step("Kafka Connect worker");
        Process connect = supervisor.startJava(CONNECT, vgfJvm("768m"), vgf("connect", "--bootstrap", bootstrap,
            "--registry", registryUrl, "--port", Integer.toString(connectPort), "--group-id", "vgf-stack-connect"));
        String connectUrl = supervisor.awaitLogLine(CONNECT, connect,
            Pattern.compile("Kafka Connect worker ready: (\\S+)"), timeout);
        supervisor.await(CONNECT, connect, timeout, () -> httpOk(connectUrl.replaceAll("/$", "") + "/connectors"));
        supervisor.recordEndpoint(CONNECT, connectUrl);
        endpoints.put("connect_url", connectUrl);
        ready(CONNECT, connectUrl);
      }

      Files.writeString(run.root().resolve("endpoints.json"), JSON.writeValueAsString(endpoints));
      System.out.println("Stack up in " + run.root());
      System.out.println(JSON.writeValueAsString(endpoints));
      return 0;
    } catch (RuntimeException e) {
      System.err.println("stack up failed: " + e.getMessage());
      System.err.println("stopping what was started...");
      down(supervisor);
      return 1;
    }
  }

  private void submitJobs(RunDirectory run, FlinkRest rest, String bootstrap, String registryUrl, String catalogUrl,
                          Duration timeout) {
    Path jar = StackJobs.clusterJar(repoRoot());
    Map<String, String> overrides = new java.util.LinkedHashMap<>();
    for (String s : jobSettings) {
      int eq = s.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("--job-set " + s + ": expected KEY=VALUE");
      }
      overrides.put(s.substring(0, eq).trim(), s.substring(eq + 1).trim());
    }
    String jarId = rest.upload(jar);
    for (String job : List.of("core", "lake")) {
      String jobId = rest.run(jarId, StackJobs.ENTRY_CLASS, StackJobs.args(job, bootstrap, registryUrl, catalogUrl,
          run.dir("flink/checkpoints"), "vgf-stack", overrides));
      run.recordJob(new JobRecord(job, jobId, jar.toString(), Instant.now()));
      rest.awaitRunning(jobId, timeout);
      ready("job " + job, jobId + " RUNNING");
    }
  }

  private void startBridge(ProcessSupervisor supervisor, String bootstrap, String registryUrl, Duration timeout,
                           ObjectNode endpoints) {
    step("OCPP bridge");
    Process bridge = supervisor.startJava(BRIDGE, vgfJvm("512m"), vgf("bridge", "--host", "127.0.0.1", "--port",
        Integer.toString(bridgePort), "--bootstrap", bootstrap, "--registry", registryUrl));
    String bridgeUrl = supervisor.awaitLogLine(BRIDGE, bridge, Pattern.compile("OCPP bridge ready at (\\S+)/\\{"), timeout);
    supervisor.await(BRIDGE, bridge, timeout, () -> tcpOpen(URI.create(bridgeUrl)));
    supervisor.recordEndpoint(BRIDGE, bridgeUrl);
    endpoints.put("bridge_url", bridgeUrl);
    ready(BRIDGE, bridgeUrl);
  }

  private void startSimulator(ProcessSupervisor supervisor, String bootstrap, String registryUrl, Duration timeout) {
    List<String> args = new ArrayList<>(List.of("simulate", "--scenario", simScenario, "--seed", Long.toString(simSeed),
        "--bootstrap", bootstrap, "--registry", registryUrl, "--speed", Double.toString(simSpeed), "--no-progress"));
    if (simVehicles != null) {
      args.addAll(List.of("--vehicles", simVehicles.toString()));
    }
    Process sim = supervisor.startJava(SIMULATOR, vgfJvm("512m"), vgf(args.toArray(String[]::new)));
    // Ready when its first records are in the broker, not when the JVM is up.
    supervisor.await(SIMULATOR, sim, timeout, () -> TopicProbe.hasRecords(bootstrap, "vgf.market.price"));
    supervisor.recordEndpoint(SIMULATOR, "-> " + bootstrap);
    ready(SIMULATOR, "producing into " + bootstrap);
  }

  private int status(ProcessSupervisor supervisor) {
    List<ServiceRecord> services = supervisor.run().services();
    if (services.isEmpty()) {
      System.out.println("No stack in " + supervisor.run().root());
      return 0;
    }
    System.out.printf("%-20s %-8s %-8s %s%n", "SERVICE", "PID", "STATE", "ENDPOINT");
    int down = 0;
    for (ServiceRecord s : services) {
      boolean alive = supervisor.isRunning(s);
      // The simulator is finite: a scenario that has been replayed is not a failure.
      String state = alive ? "running" : s.name().equals(SIMULATOR) ? "ended" : "DOWN";
      down += alive || s.name().equals(SIMULATOR) ? 0 : 1;
      System.out.printf("%-20s %-8d %-8s %s%n", s.name(), s.pid(), state, s.endpoint() == null ? "" : s.endpoint());
    }
    Optional<FlinkRest> rest = flinkRest(supervisor);
    for (JobRecord job : supervisor.run().jobs()) {
      String state = rest.flatMap(r -> r.jobState(job.jobId())).orElse("UNKNOWN");
      long restarts = rest.map(r -> r.restarts(job.jobId())).orElse(-1L);
      down += state.equals("RUNNING") ? 0 : 1;
      System.out.printf("%-20s %-8s %-8s %s%n", "job " + job.name(), "-", state,
          job.jobId() + (restarts >= 0 ? " (restarts " + restarts + ")" : ""));
    }
    return down == 0 ? 0 : 3;
  }

  private int down(ProcessSupervisor supervisor) {
    // Jobs first: a cancelled job keeps its last checkpoint and aborts its Kafka transactions.
    Optional<FlinkRest> rest = flinkRest(supervisor);
    List<String> cancelled = new ArrayList<>();
    for (JobRecord job : supervisor.run().jobs()) {
      if (rest.isPresent() && rest.get().cancel(job.jobId())) {
        cancelled.add(job.name());
        awaitTerminal(rest.get(), job.jobId(), Duration.ofSeconds(30));
      }
    }
    supervisor.run().forgetJobs();
    List<String> stopped = supervisor.stopAll(Duration.ofSeconds(30));
    if (!cancelled.isEmpty()) {
      System.out.println("Cancelled jobs " + String.join(", ", cancelled));
    }
    System.out.println(stopped.isEmpty() ? "Nothing to stop in " + supervisor.run().root()
        : "Stopped " + String.join(", ", stopped));
    return 0;
  }

  private static void awaitTerminal(FlinkRest rest, String jobId, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      Optional<String> state = rest.jobState(jobId);
      if (state.isEmpty() || List.of("CANCELED", "FAILED", "FINISHED").contains(state.get())) {
        return;
      }
      java.util.concurrent.locks.LockSupport.parkNanos(200_000_000L);
    }
  }

  /** The REST API of the stack's JobManager, if it was started and is still ours. */
  private static Optional<FlinkRest> flinkRest(ProcessSupervisor supervisor) {
    return supervisor.run().services().stream().filter(s -> s.name().equals(FlinkCluster.JOBMANAGER))
        .filter(supervisor::isRunning).filter(s -> s.endpoint() != null).findFirst()
        .map(s -> new FlinkRest(s.endpoint()));
  }

  private static void step(String what) {
    System.err.println("starting " + what + "...");
  }

  private static void ready(String service, String endpoint) {
    System.out.println(service + " ready: " + endpoint);
    System.out.flush();
  }

  /** A real readiness probe: the HTTP endpoint answers 200. */
  static Optional<Boolean> httpOk(String url) {
    try {
      HttpResponse<Void> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build().send(
          HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
          HttpResponse.BodyHandlers.discarding());
      return r.statusCode() == 200 ? Optional.of(true) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** A real readiness probe for a WebSocket endpoint: its port accepts connections. */
  static Optional<Boolean> tcpOpen(URI uri) {
    try (java.net.Socket socket = new java.net.Socket()) {
      socket.connect(new java.net.InetSocketAddress(uri.getHost(), uri.getPort()), 2000);
      return Optional.of(true);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** JVM flags of a child running the vgf launcher itself, on this process's classpath. */
  private static List<String> vgfJvm(String heap) {
    List<String> jvm = new ArrayList<>(List.of("-Xmx" + heap,
        "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.util=ALL-UNNAMED",
        "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED"));
    String home = System.getProperty("vgf.home");
    if (home != null) {
      jvm.add("-Dvgf.home=" + home);
    }
    jvm.add("-cp");
    jvm.add(System.getProperty("java.class.path"));
    return jvm;
  }

  private static List<String> vgf(String... args) {
    List<String> main = new ArrayList<>();
    main.add(Vgf.class.getName());
    main.addAll(List.of(args));
    return main;
  }

  /** The repository root: set by ./vgf as vgf.home, else found upwards from the working directory. */
  static Path repoRoot() {
    String home = System.getProperty("vgf.home");
    if (home != null) {
      return Path.of(home);
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.exists(dir.resolve("flink-dist/pom.xml"))) {
        return dir;
      }
    }
    throw new IllegalStateException("cannot find the repository root (flink-dist/): run ./vgf from the repository");
  }
}
