package energy.vgf.cli.flink;

import energy.vgf.flink.CoreJob;
import energy.vgf.flink.VgfJobs;
import energy.vgf.flink.config.ConfigException;
import energy.vgf.flink.config.JobConfig;
import energy.vgf.flink.lake.LakeJob;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vgf flink jobs}: the flink-jobs core and lake jobs on one embedded MiniCluster against an existing broker
 * and registry (e.g. {@code ./vgf stack up}), for a laptop or a demo. The same job graphs as {@code flink run}
 * builds on a real cluster. Prints the Flink web UI URL once both jobs run; SIGTERM (or Ctrl-C) cancels the jobs
 * and stops the cluster. Offsets are committed on checkpoints, so a restart resumes where the jobs stopped.
 */
@Command(name = "jobs", mixinStandardHelpOptions = true,
    description = "Run the Flink core and lake jobs on an embedded MiniCluster; prints the Flink web UI URL; stops on SIGTERM.")
public final class JobsCommand implements Callable<Integer> {

  @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT", description = "Kafka bootstrap servers.")
  String bootstrap;

  @Option(names = "--registry", required = true, paramLabel = "URL", description = "Schema registry URL.")
  String registry;

  @Option(names = "--config", paramLabel = "FILE", description = "Job configuration (properties; see flink-jobs/README.md).")
  Path configFile;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Configuration override, repeatable (e.g. --set parallelism=2).")
  List<String> overrides = new ArrayList<>();

  @Option(names = "--no-lake", description = "Run the core job only.")
  boolean noLake;

  @Option(names = "--web-port", defaultValue = "8081", description = "Port of the Flink web UI on 127.0.0.1 (0: any free port). Default: ${DEFAULT-VALUE}.")
  int webPort;

  @Option(names = "--start-timeout-s", defaultValue = "120", description = "How long the jobs may take to reach RUNNING. Default: ${DEFAULT-VALUE}.")
  long startTimeoutS;

  private final CountDownLatch stopped = new CountDownLatch(1);
  /** Set when SIGTERM (or the main thread) starts stopping: job ends after it are not failures. */
  private volatile boolean stopping;

  @Override
  public Integer call() throws Exception {
    JobConfig core;
    JobConfig lake;
    try {
      Map<String, String> raw = new LinkedHashMap<>();
      if (configFile != null) {
        raw.putAll(JobConfig.readFile(configFile));
      }
      raw.put("bootstrap.servers", bootstrap);
      raw.put("schema.registry.url", registry);
      for (String o : overrides) {
        int eq = o.indexOf('=');
        if (eq <= 0) {
          throw new ConfigException("--set", o, "expected KEY=VALUE");
        }
        raw.put(o.substring(0, eq).trim(), o.substring(eq + 1).trim());
      }
      core = JobConfig.from(raw);
      // The lake job reads the same topics: its own consumer group, or the two would share (and split) offsets.
      Map<String, String> lakeRaw = new LinkedHashMap<>(raw);
      lakeRaw.put("group.id", core.groupId() + "-lake");
      lake = JobConfig.from(lakeRaw);
    } catch (ConfigException e) {
      System.err.println("invalid configuration: " + e.getMessage());
      return 2;
    }

    Configuration conf = VgfJobs.flinkConfiguration(core);
    conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
    conf.set(RestOptions.ADDRESS, "127.0.0.1");
    conf.set(RestOptions.PORT, webPort);
    int slots = core.parallelism() + (noLake ? 0 : lake.parallelism());
    MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
        .setConfiguration(conf).setNumTaskManagers(1).setNumSlotsPerTaskManager(slots).build());
    cluster.start();
    List<JobID> jobs = new ArrayList<>();
    Thread hook = new Thread(() -> stop(cluster, jobs), "vgf-flink-jobs-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      jobs.add(submit(cluster, CoreJob.NAME, "core", core, core.checkpointIntervalMs()));
      if (!noLake) {
        jobs.add(submit(cluster, LakeJob.NAME, "lake", lake, lake.lakeCommitIntervalMs()));
      }
      awaitRunning(cluster, jobs, Duration.ofSeconds(startTimeoutS));
      URI web = cluster.getRestAddress().get(30, TimeUnit.SECONDS);
      System.out.println("Flink web UI: " + web);
      System.out.println("jobs running: " + jobs + " (" + (noLake ? "core" : "core, lake") + "); SIGTERM or Ctrl-C stops them");
      System.out.flush();

      // Until a job ends on its own (a failure beyond its restart strategy) or the JVM is asked to stop.
      List<CompletableFuture<JobResult>> results = new ArrayList<>();
      for (JobID id : jobs) {
        results.add(cluster.requestJobResult(id));
      }
      CompletableFuture.anyOf(results.toArray(new CompletableFuture<?>[0])).get();
      if (stopping) {
        return 0;
      }
      for (CompletableFuture<JobResult> r : results) {
        if (r.isDone() && !r.get().isSuccess()) {
          System.err.println("job " + r.get().getJobId() + " ended: " + r.get().getApplicationStatus()
              + r.get().getSerializedThrowable().map(t -> " (" + t.getOriginalErrorClassName() + ": " + t.getMessage() + ")").orElse(""));
        }
      }
      return 1;
    } finally {
      stop(cluster, jobs);
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // the JVM is already shutting down: the hook runs (or ran) stop() itself
      }
    }
  }

  private static JobID submit(MiniCluster cluster, String name, String job, JobConfig config, long checkpointMs) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(VgfJobs.flinkConfiguration(config));
    VgfJobs.configure(env, config, checkpointMs);
    VgfJobs.define(env, job, config);
    var graph = env.getStreamGraph();
    graph.setJobName(name);
    JobGraph jobGraph = graph.getJobGraph();
    return cluster.submitJob(jobGraph).get(60, TimeUnit.SECONDS).getJobID();
  }

  private static void awaitRunning(MiniCluster cluster, List<JobID> jobs, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (JobID id : jobs) {
      while (true) {
        JobStatus s = cluster.getJobStatus(id).get(10, TimeUnit.SECONDS);
        if (s == JobStatus.RUNNING) {
          break;
        }
        if (s.isGloballyTerminalState()) {
          throw new IllegalStateException("job " + id + " ended while starting: " + s);
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("job " + id + " is still " + s + " after " + timeout.toSeconds() + " s");
        }
        // Polling a local cluster while its tasks deploy: park briefly between status requests.
        java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
      }
    }
  }

  /** Cancels the jobs and closes the cluster, once (from the shutdown hook or the main thread). */
  private void stop(MiniCluster cluster, List<JobID> jobs) {
    stopping = true;
    synchronized (stopped) {
      if (stopped.getCount() == 0) {
        return;
      }
      for (JobID id : jobs) {
        try {
          cluster.cancelJob(id).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
          System.err.println("could not cancel job " + id + ": " + e.getMessage());
        }
      }
      try {
        cluster.closeAsync().get(60, TimeUnit.SECONDS);
      } catch (Exception e) {
        System.err.println("the Flink MiniCluster did not stop cleanly: " + e.getMessage());
      }
      System.err.println("Flink jobs stopped");
      stopped.countDown();
    }
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new JobsCommand()).execute(args));
  }
}
