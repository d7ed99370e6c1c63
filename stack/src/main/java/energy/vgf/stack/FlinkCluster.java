package energy.vgf.stack;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A Flink standalone session cluster (one JobManager and one TaskManager process) started from
 * Flink's Maven artifacts, since no Flink distribution can be downloaded here: the classpath comes
 * from the {@code flink-dist} module, the JVM memory flags from Flink's own {@code BashJavaUtils}
 * exactly as {@code bin/jobmanager.sh} would compute them, and everything binds to 127.0.0.1.
 */
public final class FlinkCluster {

  public static final String JOBMANAGER = "flink-jobmanager";
  public static final String TASKMANAGER = "flink-taskmanager";

  private static final List<String> OPENS = List.of(
      "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
      "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED", "--add-opens=java.base/java.util=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
      "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
      "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.text=ALL-UNNAMED",
      "--add-opens=java.base/java.time=ALL-UNNAMED", "--add-opens=java.base/java.math=ALL-UNNAMED",
      "--add-opens=java.sql/java.sql=ALL-UNNAMED");

  /** The namespaces of the platform's Avro contracts (schemas/avro) and the topic catalogue. */
  private static final List<String> AVRO_PACKAGES = List.of("energy.vgf.charging.", "energy.vgf.dispatch.",
      "energy.vgf.fleet.", "energy.vgf.flexibility.", "energy.vgf.grid.", "energy.vgf.market.", "energy.vgf.metering.",
      "energy.vgf.ops.", "energy.vgf.settlement.", "energy.vgf.telemetry.", "energy.vgf.weather.", "energy.vgf.schemas.");

  /** Settings of the cluster. */
  public record Config(String classpath, int restPort, int slots, String jobManagerMemory, String taskManagerMemory) {
    public Config {
      if (classpath == null || classpath.isBlank()) {
        throw new IllegalArgumentException("Flink classpath is empty: build flink-dist (mvn -pl flink-dist package)");
      }
      if (slots < 1) {
        throw new IllegalArgumentException("task slots must be >= 1, got " + slots);
      }
    }

    /** Reads the classpath file that the flink-dist module writes at package time. */
    public static String classpathFrom(Path file) {
      try {
        return Files.readString(file, StandardCharsets.UTF_8).trim();
      } catch (IOException e) {
        throw new UncheckedIOException("no Flink classpath at " + file + ": run mvn -pl flink-dist package", e);
      }
    }
  }

  private final ProcessSupervisor supervisor;
  private final Config config;
  private final Path confDir;
  private final FlinkRest rest;

  public FlinkCluster(ProcessSupervisor supervisor, Config config) {
    this.supervisor = supervisor;
    this.config = config;
    this.confDir = supervisor.run().dir("flink/conf");
    this.rest = new FlinkRest("http://127.0.0.1:" + config.restPort());
  }

  public String restUrl() {
    return rest.url();
  }

  /** The cluster's REST API: job submission, state, checkpoints, cancellation. */
  public FlinkRest rest() {
    return rest;
  }

  /** Starts the JobManager and the TaskManager and waits until the TaskManager has registered. */
  public void start(Duration timeout) {
    writeConfig();
    Process jm = startRole(JOBMANAGER, "GET_JM_RESOURCE_PARAMS",
        "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint", null);
    supervisor.await(JOBMANAGER, jm, timeout, () -> rest.get("/overview"));
    supervisor.recordEndpoint(JOBMANAGER, restUrl());
    startTaskManager(TASKMANAGER, timeout);
  }

  /**
   * Starts one more TaskManager process (e.g. to replace one that died) on the configuration {@link #start} wrote,
   * and waits until the JobManager lists it by its resource id: a count would also include a dead TaskManager
   * that the JobManager has not timed out yet.
   */
  public void startTaskManager(String name, Duration timeout) {
    String resourceId = "vgf-tm-" + UUID.randomUUID().toString().substring(0, 8);
    Process tm = startRole(name, "GET_TM_RESOURCE_PARAMS", "org.apache.flink.runtime.taskexecutor.TaskManagerRunner",
        resourceId);
    supervisor.await(name, tm, timeout, () -> rest.get("/taskmanagers").filter(list -> {
      for (JsonNode t : list.path("taskmanagers")) {
        if (t.path("id").asText().equals(resourceId)) {
          return true;
        }
      }
      return false;
    }));
    supervisor.recordEndpoint(name, "resource-id " + resourceId);
  }

  private void writeConfig() {
    Path root = supervisor.run().root();
    String yaml = String.join("\n",
        "# Written by vgf stack: a session cluster on loopback.",
        "jobmanager.rpc.address: 127.0.0.1",
        "jobmanager.bind-host: 127.0.0.1",
        "jobmanager.rpc.port: " + freePort(),
        "taskmanager.bind-host: 127.0.0.1",
        "taskmanager.host: 127.0.0.1",
        "rest.address: 127.0.0.1",
        "rest.bind-address: 127.0.0.1",
        "rest.port: " + config.restPort(),
        "taskmanager.numberOfTaskSlots: " + config.slots(),
        "parallelism.default: 1",
        "jobmanager.memory.process.size: " + config.jobManagerMemory(),
        "taskmanager.memory.process.size: " + config.taskManagerMemory(),
        // RocksDB with incremental checkpoints in the run directory: a replaced TaskManager restores from them.
        "state.backend.type: rocksdb",
        "state.backend.incremental: true",
        "execution.checkpointing.dir: file://" + root.resolve("flink/checkpoints"),
        "execution.checkpointing.externalized-checkpoint-retention: RETAIN_ON_CANCELLATION",
        // A lost TaskManager is noticed within seconds, and jobs keep restarting until one is back.
        "heartbeat.interval: 2000",
        "heartbeat.timeout: 10000",
        "restart-strategy.type: fixed-delay",
        "restart-strategy.fixed-delay.attempts: 2147483647",
        "restart-strategy.fixed-delay.delay: 2 s",
        "execution.checkpointing.savepoint-dir: file://" + root.resolve("flink/savepoints"),
        "web.upload.dir: " + supervisor.run().dir("flink/uploads"),
        "io.tmp.dirs: " + supervisor.run().dir("flink/tmp"),
        // Jobs from jars share the cluster's Avro and Iceberg classes (kept in lib/, see STACK.md).
        "classloader.check-leaked-classloader: false",
        // The platform's Avro record classes come from lib/ (vgf-schemas), shared by every job: Avro in lib/ caches
        // record classes and models, which must not pin (or mix) the class loaders of jobs that come and go.
        "classloader.parent-first-patterns.additional: " + String.join(";", AVRO_PACKAGES),
        "");
    String log4j = String.join("\n",
        "rootLogger.level = INFO",
        "rootLogger.appenderRef.console.ref = ConsoleAppender",
        "appender.console.name = ConsoleAppender",
        "appender.console.type = CONSOLE",
        "appender.console.layout.type = PatternLayout",
        "appender.console.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n",
        "");
    try {
      Files.writeString(confDir.resolve("config.yaml"), yaml);
      Files.writeString(confDir.resolve("log4j-console.properties"), log4j);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the Flink configuration in " + confDir, e);
    }
  }

  private Process startRole(String name, String resourceQuery, String mainClass, String resourceId) {
    List<String> memory = bashJavaUtils(resourceQuery);
    List<String> jvm = new ArrayList<>(Arrays.asList(memory.get(0).split(" ")));
    jvm.addAll(OPENS);
    jvm.add("-Dlog4j.configurationFile=" + confDir.resolve("log4j-console.properties"));
    jvm.add("-cp");
    jvm.add(config.classpath());
    List<String> main = new ArrayList<>(List.of(mainClass, "--configDir", confDir.toString()));
    // The dynamic properties pin the memory model the JVM flags were computed from.
    main.addAll(Arrays.asList(memory.get(1).trim().split(" ")));
    if (resourceId != null) {
      main.addAll(List.of("-D", "taskmanager.resource-id=" + resourceId));
    }
    return supervisor.startJava(name, jvm, main);
  }

  /** Runs Flink's BashJavaUtils: line 1 the JVM flags, line 2 the dynamic properties. */
  private List<String> bashJavaUtils(String query) {
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", config.classpath(), "org.apache.flink.runtime.util.bash.BashJavaUtils", query,
        "--configDir", confDir.toString());
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("Flink BashJavaUtils " + query + " failed:\n" + out);
      }
      List<String> results = out.lines().filter(l -> l.startsWith("BASH_JAVA_UTILS_EXEC_RESULT:"))
          .map(l -> l.substring("BASH_JAVA_UTILS_EXEC_RESULT:".length())).toList();
      if (results.size() < 2) {
        throw new IllegalStateException("unexpected BashJavaUtils output for " + query + ":\n" + out);
      }
      return results;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run Flink BashJavaUtils", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static int freePort() {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }
}
