package energy.vgf.cli.stack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import energy.vgf.cli.Vgf;
import energy.vgf.stack.FlinkCluster;
import energy.vgf.stack.ProcessSupervisor;
import energy.vgf.stack.RunDirectory;
import energy.vgf.stack.ServiceRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
    description = {"Runs the platform as separate processes, the way it is deployed.",
        "Kafka broker, schema registry, Flink JobManager and TaskManager (from Flink's own artifacts);",
        "logs, data and pids under one run directory.",
        "  up      start everything and print the endpoints",
        "  status  show what runs",
        "  down    stop exactly what up started"})
public final class StackCommand implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Parameters(index = "0", description = "up | status | down")
  String action;

  @Option(names = "--run-dir", defaultValue = ".vgf/stack", description = "Run directory. Default: ${DEFAULT-VALUE}.")
  Path runDir;

  @Option(names = "--kafka-port", defaultValue = "9092", description = "Default: ${DEFAULT-VALUE}.")
  int kafkaPort;

  @Option(names = "--registry-port", defaultValue = "8081", description = "Default: ${DEFAULT-VALUE}.")
  int registryPort;

  @Option(names = "--flink-port", defaultValue = "8082", description = "Flink REST and web UI port. Default: ${DEFAULT-VALUE}.")
  int flinkPort;

  @Option(names = "--flink-slots", defaultValue = "4", description = "Task slots of the TaskManager. Default: ${DEFAULT-VALUE}.")
  int flinkSlots;

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
    Duration timeout = Duration.ofSeconds(timeoutSeconds);
    try {
      step("Kafka broker");
      Process kafka = supervisor.startJava("kafka", vgfJvm("768m"), vgf("kafka", "--port", Integer.toString(kafkaPort),
          "--dir", run.dir("kafka-data").toString()));
      String bootstrap = supervisor.awaitLogLine("kafka", kafka, Pattern.compile("bootstrap\\.servers=(\\S+)"), timeout);
      supervisor.recordEndpoint("kafka", bootstrap);

      step("schema registry");
      Process registry = supervisor.startJava("registry", vgfJvm("384m"), vgf("registry", "--port",
          Integer.toString(registryPort), "--bootstrap", bootstrap));
      String registryUrl = supervisor.awaitLogLine("registry", registry,
          Pattern.compile("Schema registry ready: (\\S+)"), timeout);
      supervisor.recordEndpoint("registry", registryUrl);

      step("Flink JobManager and TaskManager");
      FlinkCluster flink = new FlinkCluster(supervisor, new FlinkCluster.Config(
          FlinkCluster.Config.classpathFrom(repoRoot().resolve("flink-dist/target/flink-classpath.txt")),
          flinkPort, flinkSlots, "1024m", "2048m"));
      flink.start(timeout);

      ObjectNode endpoints = JSON.createObjectNode();
      endpoints.put("kafka_bootstrap", bootstrap);
      endpoints.put("registry_url", registryUrl);
      endpoints.put("flink_web_ui", flink.restUrl());
      Files.writeString(run.root().resolve("endpoints.json"), JSON.writeValueAsString(endpoints));
      System.out.println("Stack up in " + run.root());
      System.out.println(JSON.writeValueAsString(endpoints));
      return 0;
    } catch (RuntimeException e) {
      System.err.println("stack up failed: " + e.getMessage());
      System.err.println("stopping what was started...");
      supervisor.stopAll(Duration.ofSeconds(20));
      return 1;
    }
  }

  private int status(ProcessSupervisor supervisor) {
    List<ServiceRecord> services = supervisor.run().services();
    if (services.isEmpty()) {
      System.out.println("No stack in " + supervisor.run().root());
      return 0;
    }
    System.out.printf("%-18s %-8s %-8s %s%n", "SERVICE", "PID", "STATE", "ENDPOINT");
    int down = 0;
    for (ServiceRecord s : services) {
      boolean alive = supervisor.isRunning(s);
      down += alive ? 0 : 1;
      System.out.printf("%-18s %-8d %-8s %s%n", s.name(), s.pid(), alive ? "running" : "DOWN",
          s.endpoint() == null ? "" : s.endpoint());
    }
    return down == 0 ? 0 : 3;
  }

  private int down(ProcessSupervisor supervisor) {
    List<String> stopped = supervisor.stopAll(Duration.ofSeconds(30));
    System.out.println(stopped.isEmpty() ? "Nothing to stop in " + supervisor.run().root()
        : "Stopped " + String.join(", ", stopped));
    return 0;
  }

  private static void step(String what) {
    System.err.println("starting " + what + "...");
  }

  /** JVM flags of a child running the vgf launcher itself, on this process's classpath. */
  private static List<String> vgfJvm(String heap) {
    List<String> jvm = new ArrayList<>(List.of("-Xmx" + heap,
        "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.util=ALL-UNNAMED",
        "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED"));
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
