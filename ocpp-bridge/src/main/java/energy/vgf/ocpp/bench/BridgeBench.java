package energy.vgf.ocpp.bench;

import energy.vgf.charging.ChargerMeterValue;
import energy.vgf.charging.ChargerStatus;
import energy.vgf.charging.ChargingSession;
import energy.vgf.charging.SessionEvent;
import energy.vgf.dispatch.AckStatus;
import energy.vgf.dispatch.DispatchAck;
import energy.vgf.dispatch.DispatchSetpoint;
import energy.vgf.dispatch.SetpointReason;
import energy.vgf.ocpp.bridge.BridgeConfig;
import energy.vgf.ocpp.bridge.ChargerEventSink;
import energy.vgf.ocpp.bridge.OcppBridge;
import energy.vgf.ocpp.rpc.RpcOptions;
import energy.vgf.ocpp.security.ChargerRegistry;
import energy.vgf.ocpp.security.EnrolledCharger;
import energy.vgf.ocpp.security.PasswordHasher;
import energy.vgf.ocpp.security.SecurityProfile;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Load test of one bridge instance on loopback: N simulated chargers (a separate JVM running
 * {@code energy.vgf.ocpp.sim.FleetMain}) connect with security profile 1, boot, start a transaction each, then get
 * one setpoint each in a single burst. Reports connections, heap after GC, and how long until each burst setpoint's
 * SetChargingProfile was written to its socket (measured from the start of the burst). Bounded: it stops the fleet
 * and itself after {@code --timeout-s}. The bridge runs with {@code -Xmx1g}: if this JVM was started with more, the
 * bench re-launches itself with that heap and a raised file-descriptor limit. Last stdout line: one JSON object.
 */
public final class BridgeBench {
  private static final String CHILD_FLAG = "vgf.bench.child";

  private BridgeBench() {}

  public static void main(String[] args) throws Exception {
    int chargers = 10_000;
    String version = "ocpp1.6";
    long timeoutS = 300;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--chargers" -> chargers = Integer.parseInt(args[++i]);
        case "--version" -> version = args[++i];
        case "--timeout-s" -> timeoutS = Long.parseLong(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]
            + "; usage: [--chargers 10000] [--version ocpp1.6|ocpp2.0.1|ocpp2.1] [--timeout-s 300]");
      }
    }
    if (chargers < 1 || chargers > 20_000) {
      throw new IllegalArgumentException("--chargers must be 1-20000, got " + chargers);
    }
    if (!Boolean.getBoolean(CHILD_FLAG)) {
      System.exit(relaunch(args));
    }
    System.out.println(run(chargers, version, timeoutS));
    System.out.flush();
    System.exit(0);
  }

  /** Runs this class again in a JVM with a 1 GB heap and the file-descriptor limit raised as far as allowed. */
  private static int relaunch(String[] args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Xmx1g", "-D" + CHILD_FLAG + "=true", "-cp",
        System.getProperty("java.class.path"), BridgeBench.class.getName()));
    cmd.addAll(Arrays.asList(args));
    // bash receives the command as separate arguments ("$@"), so nothing is re-parsed by the shell.
    List<String> bash = new ArrayList<>(List.of("bash", "-c", fdLimit() + "exec \"$@\"", "bench"));
    bash.addAll(cmd);
    Process child = new ProcessBuilder(bash).inheritIO().start();
    Runtime.getRuntime().addShutdownHook(new Thread(child::destroy));
    return child.waitFor();
  }

  private static String fdLimit() {
    // Each loopback connection costs one descriptor on each side; raise the soft limit to the hard one.
    return "ulimit -n $(ulimit -Hn) 2>/dev/null; ";
  }

  private static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  static String run(int n, String version, long timeoutS) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutS);
    String password = PasswordHasher.generatePassword();
    // One hash for the whole fleet (1,000 iterations): the bench measures connection handling, not PBKDF2.
    String hash = PasswordHasher.hash(password, 1_000);
    ChargerRegistry registry = new ChargerRegistry();
    for (int i = 0; i < n; i++) {
      registry.put(new EnrolledCharger("bench-" + i, "bench", hash, false, 22.0, 4.14, 3, 230.0, Instant.now()));
    }
    CountingSink sink = new CountingSink();
    BridgeConfig config = BridgeConfig.defaults().withListen("127.0.0.1", 0)
        .withSecurity(SecurityProfile.BASIC, null)
        .withRpc(RpcOptions.defaults().withCallTimeout(Duration.ofSeconds(60)));
    ConcurrentHashMap<String, Long> onWireNanos = new ConcurrentHashMap<>();
    AtomicLong burstStart = new AtomicLong();
    Process fleet = null;
    try (OcppBridge bridge = new OcppBridge(config, registry, sink).start()) {
      bridge.setObserver((id, sp, at) -> onWireNanos.putIfAbsent(id, System.nanoTime() - burstStart.get()));
      // The fleet runs niced: on one machine the load generator must not starve the system under test (real
      // chargers bring their own CPUs).
      List<String> cmd = new ArrayList<>(List.of("bash", "-c", fdLimit() + "exec nice -n 10 \"$@\"", "fleet", javaBin(),
          "-Xmx1g", "-cp", System.getProperty("java.class.path"), "energy.vgf.ocpp.sim.FleetMain",
          "--uri", bridge.endpoint().toString(), "--chargers", Integer.toString(n), "--prefix", "bench-",
          "--password", password, "--version", version, "--plug-in", "--ramp", "1000", "--no-validation", "--exit-on-stdin-eof",
          "--max-seconds", Long.toString(timeoutS)));
      fleet = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      AtomicReference<String> lastFleetLine = new AtomicReference<>("");
      Process f = fleet;
      Thread reader = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(f.getInputStream(), StandardCharsets.UTF_8))) {
          String line;
          while ((line = r.readLine()) != null) {
            lastFleetLine.set(line);
          }
        } catch (Exception ignored) {
          // fleet gone
        }
      });
      reader.setDaemon(true);
      reader.start();

      long t0 = System.nanoTime();
      while (sink.started.get() < n && System.nanoTime() < deadline && fleet.isAlive()) {
        System.err.printf(Locale.ROOT, "bench: connections=%d ready=%d transactions=%d (%s)%n",
            bridge.connectionCount(), bridge.readyCount(), sink.started.get(), lastFleetLine.get());
        TimeUnit.SECONDS.sleep(2); // progress report cadence of a load generator, not a test wait
      }
      double connectS = (System.nanoTime() - t0) / 1e9;
      int connections = bridge.connectionCount();
      System.gc();
      System.gc();
      long heapUsed = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      long heapMax = Runtime.getRuntime().maxMemory();

      // The burst: one new setpoint per charger, all submitted at once.
      // The records exist before the clock starts, as they would when the Kafka consumer hands them over.
      Instant now = Instant.now();
      List<DispatchSetpoint> burst = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        burst.add(DispatchSetpoint.newBuilder().setSetpointId("burst-" + i).setPlanId("bench").setSiteId("bench")
            .setChargerId("bench-" + i).setPowerKw(7.0 + (i % 10)).setValidFrom(now)
            .setValidTo(now.plus(Duration.ofMinutes(15))).setReason(SetpointReason.OPTIMIZER).setCreatedAt(now)
            .build());
      }
      double loadAverage = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
      burstStart.set(System.nanoTime());
      for (DispatchSetpoint sp : burst) {
        bridge.submit(sp);
      }
      long burstDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while ((onWireNanos.size() < connections || sink.acks.get() < connections)
          && System.nanoTime() < burstDeadline && System.nanoTime() < deadline) {
        TimeUnit.MILLISECONDS.sleep(100);
      }
      long[] lat = onWireNanos.values().stream().mapToLong(Long::longValue).sorted().toArray();
      return String.format(Locale.ROOT,
          "{\"chargers\":%d,\"connections\":%d,\"ready\":%d,\"transactions\":%d,\"connect_s\":%.1f,"
              + "\"heap_used_mb\":%.1f,\"heap_max_mb\":%.0f,\"setpoints_on_wire\":%d,"
              + "\"setpoint_burst_p50_ms\":%.1f,\"setpoint_burst_p99_ms\":%.1f,\"setpoint_burst_max_ms\":%.1f,"
              + "\"acks_accepted\":%d,\"acks_other\":%d,\"ocpp_version\":\"%s\",\"cpus\":%d,\"loadavg_1m\":%.1f}",
          n, connections, bridge.readyCount(), sink.started.get(), connectS, heapUsed / 1048576.0,
          heapMax / 1048576.0, lat.length, pct(lat, 0.50), pct(lat, 0.99), pct(lat, 1.0), sink.accepted.get(),
          sink.acks.get() - sink.accepted.get(), version, Runtime.getRuntime().availableProcessors(), loadAverage);
    } finally {
      if (fleet != null) {
        fleet.getOutputStream().close();
        fleet.destroy();
        if (!fleet.waitFor(10, TimeUnit.SECONDS)) {
          fleet.destroyForcibly();
        }
      }
    }
  }

  private static double pct(long[] sorted, double q) {
    if (sorted.length == 0) {
      return -1;
    }
    int idx = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
    return sorted[Math.max(0, idx)] / 1e6;
  }

  /** Counts instead of keeping records, so the heap figure is the bridge's own. */
  static final class CountingSink implements ChargerEventSink {
    final AtomicLong started = new AtomicLong();
    final AtomicLong acks = new AtomicLong();
    final AtomicLong accepted = new AtomicLong();
    final AtomicLong meters = new AtomicLong();
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    @Override
    public CompletableFuture<Void> status(ChargerStatus status) {
      return DONE;
    }

    @Override
    public CompletableFuture<Void> session(ChargingSession session) {
      if (session.getEvent() == SessionEvent.STARTED) {
        started.incrementAndGet();
      }
      return DONE;
    }

    @Override
    public CompletableFuture<Void> meter(ChargerMeterValue meterValue) {
      meters.incrementAndGet();
      return DONE;
    }

    @Override
    public CompletableFuture<Void> ack(DispatchAck ack) {
      if (ack.getSetpointId().startsWith("burst-")) {
        acks.incrementAndGet();
        if (ack.getStatus() == AckStatus.ACCEPTED) {
          accepted.incrementAndGet();
        }
      }
      return DONE;
    }
  }
}
