package energy.vgf.flink;

import energy.vgf.flink.config.ConfigException;
import energy.vgf.flink.config.JobConfig;
import energy.vgf.flink.lake.LakeJob;
import java.util.Arrays;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of the job jar, the same on a MiniCluster and on a cluster:
 * {@code flink run -c energy.vgf.flink.VgfJobs vgf-flink-jobs-cluster.jar <core|lake> [--config FILE] [--key value ...]}.
 */
public final class VgfJobs {
  private static final Logger LOG = LoggerFactory.getLogger(VgfJobs.class);

  private VgfJobs() {
  }

  public static void main(String[] args) throws Exception {
    if (args.length == 0 || !(args[0].equals("core") || args[0].equals("lake"))) {
      System.err.println("usage: VgfJobs <core|lake> [--config FILE] [--key value ...]");
      System.exit(2);
    }
    JobConfig config;
    try {
      config = JobConfig.fromArgs(Arrays.copyOfRange(args, 1, args.length));
    } catch (ConfigException e) {
      System.err.println("invalid configuration: " + e.getMessage());
      System.exit(2);
      return;
    }
    StreamExecutionEnvironment env = environment(config, args[0].equals("lake") ? config.lakeCommitIntervalMs() : config.checkpointIntervalMs());
    JobExecutionResult r = env.execute(define(env, args[0], config));
    LOG.info("job {} finished: {}", args[0], r);
  }

  /** Builds the named job on {@code env} and returns its job name. */
  public static String define(StreamExecutionEnvironment env, String job, JobConfig config) {
    LOG.info("building job {} with {}", job, config);
    if (job.equals("lake")) {
      LakeJob.build(env, config);
      return LakeJob.NAME;
    }
    CoreJob.build(env, config);
    return CoreJob.NAME;
  }

  /** Starts the named job without waiting (the CLI's embedded mode and the tests). */
  public static JobClient start(StreamExecutionEnvironment env, String job, JobConfig config) throws Exception {
    return env.executeAsync(define(env, job, config));
  }

  /**
   * The environment of a job: the cluster's when submitted with {@code flink run}, a local MiniCluster
   * otherwise, configured from the job configuration in both cases.
   */
  public static StreamExecutionEnvironment environment(JobConfig config, long checkpointIntervalMs) {
    Configuration conf = flinkConfiguration(config);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    configure(env, config, checkpointIntervalMs);
    return env;
  }

  public static Configuration flinkConfiguration(JobConfig config) {
    Configuration conf = new Configuration();
    conf.setString("state.backend.type", config.stateBackend());
    if (!config.checkpointDir().isEmpty()) {
      conf.setString("execution.checkpointing.dir", config.checkpointDir());
      conf.setString("execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION");
    }
    if (config.stateBackend().equals("rocksdb")) {
      conf.setString("state.backend.incremental", "true");
    }
    return conf;
  }

  public static void configure(StreamExecutionEnvironment env, JobConfig config, long checkpointIntervalMs) {
    env.setParallelism(config.parallelism());
    env.enableCheckpointing(checkpointIntervalMs, CheckpointingMode.EXACTLY_ONCE);
    env.getConfig().setAutoWatermarkInterval(config.autoWatermarkIntervalMs());
    // Operators here never keep a reference to an input record after processing it: skip the defensive copies.
    env.getConfig().enableObjectReuse();
  }
}
