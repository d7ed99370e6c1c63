package energy.vgf.cli.flink;

import energy.vgf.charging.ChargerStatus;
import energy.vgf.charging.ConnectorStatus;
import energy.vgf.cli.ProgressBar;
import energy.vgf.dispatch.DispatchPlan;
import energy.vgf.dispatch.DispatchSetpoint;
import energy.vgf.fleet.FleetConstraint;
import energy.vgf.flink.VgfJobs;
import energy.vgf.flink.config.JobConfig;
import energy.vgf.kafka.EmbeddedKafka;
import energy.vgf.ops.DeadLetter;
import energy.vgf.registry.RegistryConfig;
import energy.vgf.registry.SchemaRegistryServer;
import energy.vgf.schemas.Topics;
import energy.vgf.serde.kafka.VgfAvroDeserializer;
import energy.vgf.serde.kafka.VgfAvroSerializer;
import energy.vgf.telemetry.TelematicsProvider;
import energy.vgf.telemetry.VehicleStatus;
import energy.vgf.telemetry.VehicleTelemetry;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vgf bench streaming}: the flink-jobs core job on an embedded MiniCluster against a loopback broker and
 * registry. Phase 1, throughput: N telemetry events are read by a plain Kafka consumer (decoding with the same
 * registry serde), then by the core job (decode, vehicle state, flexibility, dispatch), then by the plain consumer
 * again (after the dispatch solver has gone quiet, so the job is idle by then); the job's rate is measured from its
 * committed offsets, and the ratio is taken to the mean of the two consumer reads, so that a load that drifts during
 * the run does not favour either side.
 *
 * <p>The figure is sustained throughput, so every reader is measured after the same warm-up ({@code --warmup-events},
 * 20 million by default): those telemetry events come first in the topic (the first part of the same event-time
 * span, so no dispatch boundary separates them from the measured ones); each consumer read decodes them without
 * timing, and the job's clock starts when its committed offsets pass them. Why so many: the broker, the registry,
 * the MiniCluster and the job share one JVM on 2 cores, and its C2 compiler keeps a whole core busy through the job's
 * first 20 seconds and most of one after 40 (JFR: per-request and per-checkpoint paths of the broker, the Kafka
 * clients and Flink reach their compile thresholds slowly); the single-threaded consumer hardly notices, the job's
 * pipeline of threads loses half the machine. {@code job_window_jit_ms} shows what is left inside the measured
 * window. The cold figures are reported too: the job's and the consumer's rates over the warm-up events
 * ({@code warmup_*}); {@code --warmup-events 0} measures the job cold.
 * Phase 2, latency: one telemetry event per partition moves event time past the next dispatch boundary; from the
 * send of those events, two times are taken per round:
 * <ul>
 *   <li><b>produced</b>: the first setpoint of that interval is in the broker's log (a read_uncommitted consumer
 *   sees it; the transaction is still open). This is what a reader that ignores transactions sees.</li>
 *   <li><b>committed</b>: the same setpoint is readable with read_committed, i.e. after the checkpoint that
 *   commits the sink's transaction. This is "on the wire" for an exactly-once consumer, and is
 *   {@code latency_p99_ms}. The difference is the wait for the next checkpoint plus its duration.</li>
 * </ul>
 * The solve time (the plan's {@code solve_ms}) is subtracted for the "beyond solver" figures. Progress on stderr;
 * the last stdout line is one JSON object.
 *
 * <p>The machine is shared and its load swings the throughput ratio far more than any change to the job does,
 * so next to the ratio the JSON reports what it was measured under and what explains it: the 1-minute load
 * average during each phase, the process CPU per 1,000 events of each reader ({@code job_cpu_ms_per_1k_events},
 * {@code consumer_cpu_ms_per_1k_events}; the same process hosts the broker and the registry in both phases), the
 * part of the job's CPU spent in the dispatch solver, the JIT compilation and GC time inside the job's window, and
 * the late records the job dead-lettered (each one means the watermark ran ahead of a partition still being read).
 *
 * <p>The telemetry (warm-up and measured) spans one dispatch interval of event time ({@code --span-minutes 15}),
 * ending just before a boundary: the issue's figure is the throughput of the state and flexibility path. With an
 * hour, the replay passed four dispatch boundaries in about three wall seconds, so four rounds of solves for every
 * site (each up to the solve budget) ran inside the phase; at real time that is one round per 15 minutes. The
 * plug-in re-plans of the arriving fleet fall at its start (inside the warm-up when there is one).
 * {@code --span-minutes 60} gives the former set-up.
 */
@Command(name = "streaming", mixinStandardHelpOptions = true,
    description = "Benchmark the Flink core job: throughput vs a plain consumer (target >= 0.5) and telemetry-to-setpoint latency p99.")
public final class StreamingBenchCommand implements Callable<Integer> {

  @Option(names = "--events", defaultValue = "6000000", description = "Telemetry events of the throughput phase. Default: ${DEFAULT-VALUE}.")
  int events;

  @Option(names = "--warmup-events", defaultValue = "20000000",
      description = "Telemetry events before the measured ones, read by every reader first and timed apart (the warmup_* figures):"
          + " the JIT compiler is busy for the job's first 20-40 s. 0 measures the job cold. Default: ${DEFAULT-VALUE}.")
  int warmupEvents;

  @Option(names = "--span-minutes", defaultValue = "15",
      description = "Event-time span of the telemetry (warm-up first, then the measured events), ending just before a dispatch boundary. With 15 (one dispatch interval) the"
          + " phase measures the state and flexibility path and no dispatch round falls inside it; 60 replays four rounds of all sites"
          + " in a few seconds (their solves then share the phase's CPU). Default: ${DEFAULT-VALUE}.")
  int spanMinutes;

  @Option(names = "--vehicles", defaultValue = "1000", description = "Vehicles of the fleet, all charging. Default: ${DEFAULT-VALUE}.")
  int vehicles;

  @Option(names = "--sites", defaultValue = "10", description = "Depots the vehicles are spread over (one dispatch key each). Default: ${DEFAULT-VALUE}.")
  int sites;

  @Option(names = "--rounds", defaultValue = "30", description = "Latency samples. Default: ${DEFAULT-VALUE}.")
  int rounds;

  @Option(names = "--checkpoint-ms", defaultValue = "500", description = "Checkpoint interval (setpoints become visible on each). Default: ${DEFAULT-VALUE}.")
  long checkpointMs;

  @Option(names = "--solve-budget-ms", defaultValue = "500", description = "The dispatch solver's time budget per site and interval. Default: ${DEFAULT-VALUE}.")
  long solveBudgetMs;

  @Option(names = "--job", paramLabel = "KEY=VALUE", description = "A job configuration override (repeatable), e.g. --job kafka.max.partition.fetch.bytes=1048576.")
  Map<String, String> jobOverrides = new HashMap<>();

  static final long INTERVAL_MS = 15 * 60_000L;
  /**
   * Source idleness of the benchmark job. Short enough that the quiet sources (charger, prices, ...) stop holding
   * the watermark before the latency phase, long enough that a telemetry partition whose reader is back-pressured
   * on this shared 2-core machine is not declared idle mid-backlog: with 500 ms it was, the watermark raced ahead
   * on the other partitions and a large share of the backlog became late records (dead-lettered, each rendered as
   * JSON): about half the vehicle-state CPU in the profile.
   */
  static final long IDLENESS_MS = 3_000;
  // The plan topic is a catalogue topic (created with the others by createCatalogTopics).
  static final String PLAN_TOPIC = Topics.DISPATCH_PLAN;

  @Override
  public Integer call() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start();
         SchemaRegistryServer registry = startRegistry(kafka)) {
      String bootstrap = kafka.bootstrapServers();
      Map<String, Object> serde = Map.of("schema.registry.url", registry.url());
      // Event times: the throughput phase spans the minutes before the current dispatch boundary.
      long boundary = Math.floorDiv(System.currentTimeMillis(), INTERVAL_MS) * INTERVAL_MS;
      long start = boundary - spanMinutes * 60_000L;
      measuredStartMs = start;
      progress("producing %,d (warm-up) + %,d telemetry events for %d vehicles at %d sites", warmupEvents, events, vehicles, sites);
      produceFleet(bootstrap, serde, start, boundary);

      ConsumerRead before = plainConsumerRead(bootstrap, serde, "before");
      double consumerBefore = before.eventsPerS();
      double loadConsumer = loadAverage();
      progress("plain consumer: %,.0f events/s", consumerBefore);

      JobConfig config = JobConfig.from(jobConfig(bootstrap, registry.url()));
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(VgfJobs.flinkConfiguration(config));
      VgfJobs.configure(env, config, config.checkpointIntervalMs());
      JobClient job = VgfJobs.start(env, "core", config);
      try {
        double loadBefore = loadAverage();
        double flinkRate = jobRate(bootstrap, serde, config.groupId(), boundary - 30_000);
        double loadThroughput = loadAverage();
        // The load drifts within a run: the consumer reads again right after the job, and the ratio uses the mean.
        waitForSolverIdle();
        ConsumerRead after = plainConsumerRead(bootstrap, serde, "after");
        double consumerAfter = after.eventsPerS();
        double consumerCpuMsPerKEvent = (before.cpuMsPerKEvent() + after.cpuMsPerKEvent()) / 2;
        double consumerRate = (consumerBefore + consumerAfter) / 2;
        double consumerWarmupRate = (before.warmupEventsPerS() + after.warmupEventsPerS()) / 2;
        double loadConsumerAfter = loadAverage();
        progress("plain consumer again: %,.0f events/s (mean %,.0f)", consumerAfter, consumerRate);
        progress("core job: %,.0f events/s (%.2f x the plain consumer); CPU per 1,000 events: job %.1f ms (%.1f of it"
            + " solving dispatch), consumer %.1f ms", flinkRate, flinkRate / consumerRate, jobCpuMsPerKEvent, jobSolverCpuMsPerKEvent,
            consumerCpuMsPerKEvent);
        long late = lateRecords(bootstrap, serde);
        if (warmupEvents > 0) {
          progress("warm-up (cold JVM): core job %,.0f events/s, plain consumer %,.0f events/s (%.2f)", jobWarmupRate,
              consumerWarmupRate, jobWarmupRate / consumerWarmupRate);
        }
        progress("late records dead-lettered during the throughput phase: %,d", late);
        List<long[]> samples = latency(bootstrap, serde, boundary);
        List<Long> committed = sorted(samples, s -> s[0]);
        List<Long> committedBeyond = sorted(samples, s -> s[0] - s[1]);
        List<Long> produced = sorted(samples, s -> s[2]);
        List<Long> producedBeyond = sorted(samples, s -> s[2] - s[1]);
        long maxSolve = samples.stream().mapToLong(s -> s[1]).max().orElse(0);
        String json = String.format(Locale.ROOT,
            "{\"events\":%d,\"warmup_events\":%d,\"vehicles\":%d,\"sites\":%d,\"events_per_s\":%.0f,\"consumer_events_per_s\":%.0f,"
                + "\"throughput_ratio_vs_consumer\":%.3f,\"consumer_events_per_s_before\":%.0f,\"consumer_events_per_s_after\":%.0f,\"latency_samples\":%d,\"latency_p50_ms\":%d,\"latency_p99_ms\":%d,"
                + "\"latency_beyond_solver_p99_ms\":%d,\"latency_produced_p50_ms\":%d,\"latency_produced_p99_ms\":%d,"
                + "\"latency_produced_beyond_solver_p99_ms\":%d,\"solve_ms_max\":%d,\"checkpoint_interval_ms\":%d,"
                + "\"solve_ms_p50\":%d,\"late_records\":%d,\"job_cpu_ms_per_1k_events\":%.1f,\"job_solver_cpu_ms_per_1k_events\":%.1f,\"consumer_cpu_ms_per_1k_events\":%.1f,"
                + "\"job_window_jit_ms\":%d,\"job_window_gc_ms\":%d,\"span_minutes\":%d,\"cpu_efficiency_ratio_vs_consumer\":%.3f,\"latency_plans_read\":%d,\"latency_fallback_plans\":%d,\"latency_measured_to\":\"read_committed\",\"delivery\":\"exactly-once\","
                + "\"warmup_events_per_s\":%.0f,\"warmup_consumer_events_per_s\":%.0f,\"warmup_throughput_ratio_vs_consumer\":%.3f,"
                + "\"load_avg_1m_consumer\":%.2f,\"load_avg_1m_consumer_after\":%.2f,\"load_avg_1m_job_start\":%.2f,\"load_avg_1m_job_end\":%.2f,\"load_avg_1m\":%.2f,\"cores\":%d}",
            events, warmupEvents, vehicles, sites, flinkRate, consumerRate, flinkRate / consumerRate, consumerBefore, consumerAfter, committed.size(),
            percentile(committed, 0.50), percentile(committed, 0.99), percentile(committedBeyond, 0.99),
            percentile(produced, 0.50), percentile(produced, 0.99), percentile(producedBeyond, 0.99), maxSolve, checkpointMs,
            percentile(sorted(samples, s -> s[1]), 0.50), late, jobCpuMsPerKEvent, jobSolverCpuMsPerKEvent, consumerCpuMsPerKEvent,
            jobWindowJitMs, jobWindowGcMs, spanMinutes, consumerCpuMsPerKEvent / jobCpuMsPerKEvent, plansSeen, fallbackPlansSeen, jobWarmupRate, consumerWarmupRate,
            warmupEvents > 0 ? jobWarmupRate / consumerWarmupRate : 0, loadConsumer, loadConsumerAfter, loadBefore, loadThroughput, loadAverage(),
            Runtime.getRuntime().availableProcessors());
        System.out.println(json);
        System.out.flush();
      } finally {
        job.cancel().get();
      }
    }
    return 0;
  }

  private static SchemaRegistryServer startRegistry(EmbeddedKafka kafka) {
    kafka.createCatalogTopics();
    return SchemaRegistryServer.start(RegistryConfig.local(kafka.bootstrapServers()));
  }

  private Map<String, String> jobConfig(String bootstrap, String registryUrl) {
    Map<String, String> m = new HashMap<>();
    m.put("bootstrap.servers", bootstrap);
    m.put("schema.registry.url", registryUrl);
    m.put("group.id", "vgf-bench");
    m.put("starting.offsets", "earliest");
    m.put("checkpoint.interval.ms", Long.toString(checkpointMs));
    m.put("watermark.interval.ms", "20");
    m.put("watermark.out.of.orderness.ms", "1000");
    m.put("source.idleness.ms", Long.toString(IDLENESS_MS));
    m.put("dispatch.solve.budget.ms", Long.toString(solveBudgetMs));
    m.put("dispatch.plan.topic", PLAN_TOPIC);
    m.put("fleet.site.default.import.limit.kw", Integer.toString(vehicles / sites * 40));
    m.putAll(jobOverrides);
    return m;
  }

  private void produceFleet(String bootstrap, Map<String, Object> serde, long start, long boundary) {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("linger.ms", "20");
    p.put("batch.size", "262144");
    try (KafkaProducer<String, Object> producer = new KafkaProducer<>(p, new StringSerializer(), new VgfAvroSerializer<>(serde, false))) {
      for (int v = 0; v < vehicles; v++) {
        String id = vehicle(v);
        String site = "depot-" + (v % sites);
        producer.send(new ProducerRecord<>(Topics.FLEET_CONSTRAINT, id, FleetConstraint.newBuilder().setConstraintId("c-" + id)
            .setFleetId("bench").setVehicleId(id).setDepartureTime(Instant.ofEpochMilli(boundary + 8 * 3_600_000L))
            .setRequiredSocPct(90).setIssuedAt(Instant.ofEpochMilli(start)).build()));
        producer.send(new ProducerRecord<>(Topics.CHARGER_STATUS, "cp-" + v, ChargerStatus.newBuilder().setChargerId("cp-" + v)
            .setConnectorId(1).setTs(Instant.ofEpochMilli(start)).setStatus(ConnectorStatus.CHARGING).setOcppVersion("ocpp1.6")
            .setSiteId(site).setVehicleId(id).build()));
      }
      // Warm-up and measured events share the span, the warm-up first: a dispatch boundary between them would put a
      // round of solves for every site (and the optimizer's first JIT compilation in this JVM) into the measured window.
      long span = boundary - start - 60_000;
      long total = (long) warmupEvents + events;
      ProgressBar bar = new ProgressBar(new PrintWriter(System.err, true), "producing telemetry");
      for (long i = 0; i < total; i++) {
        int v = (int) (i % vehicles);
        long ts = start + 1_000 + (long) ((double) i / total * span);
        // SoC rises at 40 %/h (charging), so every reading is plausible; at 0.1 % resolution a vehicle's SoC steps every 9 s.
        double soc = socPctAt(ts);
        producer.send(new ProducerRecord<>(Topics.VEHICLE_TELEMETRY, vehicle(v), telemetry(vehicle(v), ts, soc, "depot-" + (v % sites))));
        if (i % 10_000 == 0) {
          bar.accept((double) i / total);
        }
      }
      producer.flush();
      bar.accept(1);
    }
  }

  /** Start of the measured telemetry's event time. */
  private long measuredStartMs;

  /** The fleet's SoC at an event time: rising at 40 %/h (charging) from 20 % at the measured start, so every reading is plausible. */
  private double socPctAt(long tsMs) {
    return Math.min(100, 20 + 40.0 * (tsMs - measuredStartMs) / 3_600_000.0);
  }

  private static VehicleTelemetry telemetry(String vehicle, long ts, double soc, String depot) {
    return VehicleTelemetry.newBuilder().setProvider(TelematicsProvider.SIMULATOR).setVehicleId(vehicle)
        .setTs(Instant.ofEpochMilli(ts)).setSocPct(Math.round(soc * 10) / 10.0).setStatus(VehicleStatus.CHARGING)
        .setDepotId(depot).setFleetId("bench").build();
  }

  private static String vehicle(int v) {
    return "ev-" + v;
  }

  /** One read of the topic by the plain consumer: its rate over the measured events and over the warm-up, and its CPU. */
  private record ConsumerRead(double eventsPerS, double warmupEventsPerS, double cpuMsPerKEvent) {
  }

  private ConsumerRead plainConsumerRead(String bootstrap, Map<String, Object> serde, String when) {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("group.id", "bench-plain-consumer-" + when);
    p.put("auto.offset.reset", "earliest");
    p.put("enable.auto.commit", "false");
    p.put("isolation.level", "read_committed");
    int n = 0;
    int warm = 0;
    long warm0 = 0;
    double warmupRate = 0;
    long t0 = 0;
    long cpu0 = 0;
    try (KafkaConsumer<String, Object> c = new KafkaConsumer<>(p, new StringDeserializer(), new VgfAvroDeserializer<>(serde, false))) {
      c.subscribe(List.of(Topics.VEHICLE_TELEMETRY));
      long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
      while (n < events && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, Object> r : c.poll(Duration.ofMillis(200))) {
          if (warm < warmupEvents) {
            // Warm-up: decoded like every other record, timed apart.
            warm0 = warm0 == 0 ? System.nanoTime() : warm0;
            warm += r.value() instanceof VehicleTelemetry ? 1 : 0;
            continue;
          }
          if (t0 == 0) {
            t0 = System.nanoTime();
            warmupRate = warm0 == 0 ? 0 : warm / ((t0 - warm0) / 1e9);
            cpu0 = processCpuNanos();
          }
          if (r.value() instanceof VehicleTelemetry) {
            n++;
          }
        }
      }
    }
    double rate = n / ((System.nanoTime() - t0) / 1e9);
    return new ConsumerRead(rate, warmupRate, (processCpuNanos() - cpu0) / 1e6 / (n / 1000.0));
  }

  /** The job's rate over the warm-up events, from its first commit. */
  private double jobWarmupRate;

  /** CPU of this whole process (broker, registry and reader included) per 1,000 events of the job's window. */
  private double jobCpuMsPerKEvent;

  private double jobSolverCpuMsPerKEvent;
  /** Plans of the latency rounds' intervals read with their first setpoints, and how many were the fallback. */
  private long plansSeen;
  private long fallbackPlansSeen;

  /**
   * Waits (at most 15 s) until the dispatch solver has used no CPU for 300 ms. A fast job drains the topic before the
   * solves of the last dispatch boundaries it passed are done; they would otherwise run during the second consumer
   * read (seen: that read at 190,000-220,000 events/s against 300,000-900,000 with an idle job, the job's solver CPU
   * in its own window 0), moving the job's work into the baseline's window.
   */
  private static void waitForSolverIdle() {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    long last = solverCpuNanos();
    long quietSince = System.nanoTime();
    while (System.nanoTime() < deadline && System.nanoTime() - quietSince < 300_000_000L) {
      waitMs(50);
      long now = solverCpuNanos();
      if (now != last) {
        last = now;
        quietSince = System.nanoTime();
      }
    }
  }

  /** CPU of the dispatch solver's worker threads so far: the optimizer's share of the job's CPU. */
  private static long solverCpuNanos() {
    return threadCpu().entrySet().stream().filter(e -> e.getKey().startsWith("vgf-dispatch-solver"))
        .mapToLong(Map.Entry::getValue).sum();
  }

  /** Per-thread CPU, GC and JIT time at the start of the job's window: the thread breakdown shows where its CPU went. */
  private Map<String, Long> threadCpu0 = new HashMap<>();
  private long gc0;
  private long jit0;
  private long jobWindowGcMs;
  private long jobWindowJitMs;

  /** Time of all garbage collections so far. */
  private static long gcMs() {
    long sum = 0;
    for (var gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
      sum += gc.getCollectionTime();
    }
    return sum;
  }

  /** Time the JIT compiler threads have spent so far (they are not among the threads {@link #threadCpu} sees). */
  private static long jitMs() {
    return java.lang.management.ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
  }

  /** CPU time per thread name, numbers folded (the subtasks and pool threads of one kind add up). */
  private static Map<String, Long> threadCpu() {
    java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    Map<String, Long> out = new HashMap<>();
    for (java.lang.management.ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (t != null) {
        out.merge(t.getThreadName().replaceAll("[0-9]+", "#"), Math.max(0, threads.getThreadCpuTime(t.getThreadId())), Long::sum);
      }
    }
    return out;
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /**
   * Rate from the job's committed offsets (committed on checkpoints): from the first progress to the end.
   *
   * <p>The Kafka connector commits offsets from its fetcher thread, which sits in a poll of up to 10 s once it has
   * read everything there is: the commits then stall while the job has long finished (seen: committed offsets
   * standing at 74 % for 10 s after a fast job had drained the topic, a third of the measured rate lost). So from the
   * first commit on, a trickle of telemetry (one record per partition every 100 ms, event times inside the phase)
   * keeps the fetcher polling; the trickle counts as events (about 60/s against tens of thousands).
   */
  private double jobRate(String bootstrap, Map<String, Object> serde, String groupId, long trickleTs) throws Exception {
    Properties pp = new Properties();
    pp.put("bootstrap.servers", bootstrap);
    pp.put("linger.ms", "0");
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap));
         KafkaProducer<String, Object> trickle = new KafkaProducer<>(pp, new StringSerializer(), new VgfAvroSerializer<>(serde, false))) {
      int partitions = trickle.partitionsFor(Topics.VEHICLE_TELEMETRY).size();
      long sent = warmupEvents + events;
      long firstCount = -1;
      long firstNanos = 0;
      long zeroCount = -1;
      long zeroNanos = 0;
      long firstCpu = 0;
      long firstSolverCpu = 0;
      long lastTrickle = 0;
      long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
      long lastReport = 0;
      while (System.nanoTime() < deadline) {
        long committed = 0;
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
        for (Map.Entry<TopicPartition, OffsetAndMetadata> e : offsets.entrySet()) {
          if (e.getKey().topic().equals(Topics.VEHICLE_TELEMETRY) && e.getValue() != null) {
            committed += e.getValue().offset();
          }
        }
        long now = System.nanoTime();
        if (committed > 0 && zeroCount < 0) {
          zeroCount = committed;
          zeroNanos = now;
        }
        // The clock starts once the job is past the warm-up events (with none, at its first commit).
        if (committed > 0 && committed >= warmupEvents && firstCount < 0) {
          jobWarmupRate = committed > zeroCount ? (committed - zeroCount) / ((now - zeroNanos) / 1e9) : 0;
          firstCount = committed;
          firstNanos = now;
          firstCpu = processCpuNanos();
          firstSolverCpu = solverCpuNanos();
          threadCpu0 = threadCpu();
          gc0 = gcMs();
          jit0 = jitMs();
        }
        // Done when as many events as the phase produced are committed: the trickle records among them (about 60
        // per second of the phase) stand in for as many of the last original ones, all processed events alike.
        if (committed >= warmupEvents + events) {
          jobCpuMsPerKEvent = (processCpuNanos() - firstCpu) / 1e6 / ((committed - firstCount) / 1000.0);
          jobSolverCpuMsPerKEvent = (solverCpuNanos() - firstSolverCpu) / 1e6 / ((committed - firstCount) / 1000.0);
          jobWindowGcMs = gcMs() - gc0;
          jobWindowJitMs = jitMs() - jit0;
          Map<String, Long> t1 = threadCpu();
          progress("  in the job's %,.0f ms: JIT compilation %,d ms, GC %,d ms; busiest threads (CPU ms):", (now - firstNanos) / 1e6,
              jobWindowJitMs, jobWindowGcMs);
          t1.entrySet().stream().map(e -> Map.entry(e.getKey(), e.getValue() - threadCpu0.getOrDefault(e.getKey(), 0L)))
              .sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(8)
              .forEach(e -> progress("    %,6.0f  %s", e.getValue() / 1e6, e.getKey()));
          return (committed - firstCount) / ((now - firstNanos) / 1e9);
        }
        if (committed > 0 && now - lastTrickle > 100_000_000L) {
          for (int part = 0; part < partitions; part++) {
            String id = vehicle(part);
            trickle.send(new ProducerRecord<>(Topics.VEHICLE_TELEMETRY, part, id, telemetry(id, trickleTs, socPctAt(trickleTs), "depot-" + (part % sites))));
          }
          trickle.flush();
          sent += partitions;
          lastTrickle = now;
        }
        if (now - lastReport > 2_000_000_000L) {
          progress("  core job committed %,d / %,d (%,d sent)", committed, warmupEvents + events, sent);
          lastReport = now;
        }
        waitMs(20);
      }
      throw new IllegalStateException("the core job did not consume the telemetry within 10 minutes");
    }
  }

  /**
   * Samples of {committed latency ms, solve ms, produced latency ms}, from the send of the events that move event
   * time past a dispatch boundary to that interval's first setpoint in the log (read_uncommitted) and readable
   * under read_committed (after the checkpoint that commits it).
   */
  private List<long[]> latency(String bootstrap, Map<String, Object> serde, long boundary) throws Exception {
    Properties pp = new Properties();
    pp.put("bootstrap.servers", bootstrap);
    pp.put("linger.ms", "0");
    List<long[]> samples = new ArrayList<>();
    try (KafkaProducer<String, Object> producer = new KafkaProducer<>(pp, new StringSerializer(), new VgfAvroSerializer<>(serde, false));
         KafkaConsumer<String, Object> committed = setpointReader(bootstrap, serde, "read_committed");
         KafkaConsumer<String, Object> uncommitted = setpointReader(bootstrap, serde, "read_uncommitted")) {
      committed.poll(Duration.ofMillis(500)); // join before the first sample
      uncommitted.poll(Duration.ofMillis(500));
      waitMs(IDLENESS_MS + 500); // let every other source turn idle
      int partitions = producer.partitionsFor(Topics.VEHICLE_TELEMETRY).size();
      for (int k = 1; k <= rounds; k++) {
        long target = boundary + k * INTERVAL_MS;
        long ts = target + 1_001; // past the boundary by the out-of-orderness
        long sent = System.nanoTime();
        for (int part = 0; part < partitions; part++) {
          String id = vehicle(part);
          producer.send(new ProducerRecord<>(Topics.VEHICLE_TELEMETRY, part, id, telemetry(id, ts, socPctAt(ts), "depot-" + (part % sites))));
        }
        producer.flush();
        long producedAt = -1;
        long committedAt = -1;
        long[] solveMs = {0};
        long[] counted = {0, 0, 0}; // solve ms, plans, fallback plans: the read_uncommitted reader sees each plan once
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && committedAt < 0) {
          if (firstSetpoint(uncommitted.poll(Duration.ofMillis(2)), target, counted) && producedAt < 0) {
            producedAt = System.nanoTime();
          }
          if (firstSetpoint(committed.poll(Duration.ofMillis(producedAt < 0 ? 0 : 3)), target, solveMs)) {
            committedAt = System.nanoTime();
            producedAt = producedAt < 0 ? committedAt : producedAt;
          }
        }
        if (committedAt < 0) {
          progress("  round %d: no committed setpoint within 30 s", k);
          continue;
        }
        // Plans of this round come in the same checkpoint; drain them for the solve time.
        firstSetpoint(committed.poll(Duration.ofMillis(50)), target, solveMs);
        firstSetpoint(uncommitted.poll(Duration.ofMillis(50)), target, counted);
        solveMs[0] = Math.max(solveMs[0], counted[0]);
        plansSeen += counted[1];
        fallbackPlansSeen += counted[2];
        long committedMs = (committedAt - sent) / 1_000_000L;
        long producedMs = (producedAt - sent) / 1_000_000L;
        samples.add(new long[] {committedMs, solveMs[0], producedMs});
        progress("  round %d: first setpoint produced after %d ms, committed after %d ms (solve %d ms)", k, producedMs,
            committedMs, solveMs[0]);
      }
    }
    return samples;
  }

  /** The 1-minute load average: the machine is shared, so every figure is reported with the load it was taken at. */
  private static double loadAverage() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  /**
   * Late records the job dead-lettered so far (all from the throughput phase: the latency phase starts after):
   * a high count means the watermark ran ahead of partitions still being read, which costs throughput.
   */
  private static long lateRecords(String bootstrap, Map<String, Object> serde) {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrap);
    p.put("group.id", "bench-late-" + System.nanoTime());
    p.put("auto.offset.reset", "earliest");
    p.put("isolation.level", "read_uncommitted");
    long late = 0;
    try (KafkaConsumer<String, Object> c = new KafkaConsumer<>(p, new StringDeserializer(), new VgfAvroDeserializer<>(serde, false))) {
      List<TopicPartition> parts = new ArrayList<>();
      c.partitionsFor(Topics.DEAD_LETTER).forEach(i -> parts.add(new TopicPartition(i.topic(), i.partition())));
      c.assign(parts);
      c.seekToBeginning(parts);
      Map<TopicPartition, Long> end = c.endOffsets(parts);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (System.nanoTime() < deadline && parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
        for (ConsumerRecord<String, Object> r : c.poll(Duration.ofMillis(200))) {
          if (r.value() instanceof DeadLetter d && "LateRecord".equals(d.getErrorClass())) {
            late++;
          }
        }
      }
    }
    return late;
  }

  private KafkaConsumer<String, Object> setpointReader(String bootstrap, Map<String, Object> serde, String isolation) {
    Properties cp = new Properties();
    cp.put("bootstrap.servers", bootstrap);
    cp.put("group.id", "bench-latency-" + isolation + "-" + System.nanoTime());
    cp.put("auto.offset.reset", "latest");
    cp.put("isolation.level", isolation);
    cp.put("fetch.max.wait.ms", "5");
    KafkaConsumer<String, Object> c = new KafkaConsumer<>(cp, new StringDeserializer(), new VgfAvroDeserializer<>(serde, false));
    c.subscribe(List.of(Topics.DISPATCH_SETPOINT, PLAN_TOPIC));
    return c;
  }

  /** True when the batch holds a setpoint of the interval starting at {@code target}; records the plans' solve time. */
  private static boolean firstSetpoint(Iterable<ConsumerRecord<String, Object>> batch, long target, long[] solveMs) {
    boolean found = false;
    for (ConsumerRecord<String, Object> r : batch) {
      if (r.value() instanceof DispatchSetpoint s && s.getValidFrom().toEpochMilli() == target) {
        found = true;
      } else if (r.value() instanceof DispatchPlan p && p.getHorizonStart().toEpochMilli() == target) {
        solveMs[0] = Math.max(solveMs[0], p.getSolveMs());
        if (solveMs.length > 2) {
          solveMs[1]++;
          solveMs[2] += p.getFallback() ? 1 : 0;
        }
      }
    }
    return found;
  }

  private static List<Long> sorted(List<long[]> samples, java.util.function.ToLongFunction<long[]> f) {
    List<Long> out = new ArrayList<>();
    for (long[] s : samples) {
      out.add(f.applyAsLong(s));
    }
    Collections.sort(out);
    return out;
  }

  private static long percentile(List<Long> sorted, double q) {
    if (sorted.isEmpty()) {
      return -1;
    }
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
  }

  private static void waitMs(long ms) {
    // A bounded pause between polls of an external system (not a test): park rather than spin.
    java.util.concurrent.locks.LockSupport.parkNanos(ms * 1_000_000L);
  }

  private static void progress(String format, Object... args) {
    System.err.println(String.format(Locale.ROOT, format, args));
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new StreamingBenchCommand()).execute(args));
  }
}
