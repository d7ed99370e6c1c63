package energy.vgf.ocpp.sim;

import energy.vgf.ocpp.rpc.OcppVersion;
import energy.vgf.ocpp.rpc.RpcOptions;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * Runs a fleet of simulated chargers against a central system, for load tests and demos:
 * {@code --uri ws://127.0.0.1:8887/ocpp --chargers 100 --prefix cp- --password P --version ocpp1.6 --plug-in
 * --ramp 500 --max-seconds 600}. Prints "fleet connected=N booted=N charging=N" every few seconds; stops after
 * --max-seconds, or with {@code --exit-on-stdin-eof} when its standard input closes (so it dies with the process
 * that started it, as in the bridge bench).
 */
public final class FleetMain {
  private FleetMain() {}

  public static void main(String[] args) throws Exception {
    URI uri = null;
    int chargers = 10;
    String prefix = "cp-";
    String password = null;
    OcppVersion version = OcppVersion.V16;
    boolean plugIn = false;
    int rampPerSecond = 500;
    long maxSeconds = 600;
    long meterSeconds = 300;
    boolean validate = true;
    boolean exitOnStdinEof = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--uri" -> uri = URI.create(args[++i]);
        case "--chargers" -> chargers = Integer.parseInt(args[++i]);
        case "--prefix" -> prefix = args[++i];
        case "--password" -> password = args[++i];
        case "--version" -> version = OcppVersion.fromSubprotocol(args[++i])
            .orElseThrow(() -> new IllegalArgumentException("--version must be ocpp1.6, ocpp2.0.1 or ocpp2.1"));
        case "--plug-in" -> plugIn = true;
        case "--ramp" -> rampPerSecond = Integer.parseInt(args[++i]);
        case "--max-seconds" -> maxSeconds = Long.parseLong(args[++i]);
        case "--meter-seconds" -> meterSeconds = Long.parseLong(args[++i]);
        case "--no-validation" -> validate = false;
        case "--exit-on-stdin-eof" -> exitOnStdinEof = true;
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (uri == null) {
      throw new IllegalArgumentException("--uri is required, e.g. ws://127.0.0.1:8887/ocpp");
    }
    QueuedThreadPool threads = new QueuedThreadPool(32, 4);
    threads.setName("fleet-ws");
    org.eclipse.jetty.client.HttpClient http = new org.eclipse.jetty.client.HttpClient();
    http.setExecutor(threads);
    http.setMaxConnectionsPerDestination(Integer.MAX_VALUE);
    WebSocketClient client = new WebSocketClient(http);
    client.setIdleTimeout(Duration.ofMinutes(30));
    client.setConnectTimeout(60_000);
    client.start();
    ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    List<ChargePointSimulator> fleet = new ArrayList<>(chargers);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds);
    Thread stdinWatch = new Thread(() -> {
      try {
        while (System.in.read() >= 0) {
          // keep reading until the parent closes our stdin
        }
      } catch (java.io.IOException ignored) {
        // parent gone
      }
      System.exit(0);
    }, "fleet-stdin");
    stdinWatch.setDaemon(true);
    if (exitOnStdinEof) {
      stdinWatch.start();
    }
    RpcOptions rpc = RpcOptions.defaults().withCallTimeout(Duration.ofSeconds(60)).withValidation(validate, validate);
    for (int i = 0; i < chargers; i++) {
      SimulatorConfig config = SimulatorConfig.defaults(prefix + i, uri, version, password)
          .withMeterInterval(Duration.ofSeconds(meterSeconds)).withReconnect(Duration.ofSeconds(1), Duration.ofSeconds(30))
          .withRpc(rpc);
      ChargePointSimulator sim = new ChargePointSimulator(config, client, scheduler);
      fleet.add(sim);
      sim.start();
      if (rampPerSecond > 0 && i % Math.max(1, rampPerSecond / 10) == 0) {
        Thread.sleep(100); // pacing of the connection ramp, not a wait for a condition
      }
    }
    java.util.Set<ChargePointSimulator> plugged = new java.util.HashSet<>();
    while (System.nanoTime() < deadline) {
      long connected = fleet.stream().filter(ChargePointSimulator::isConnected).count();
      long booted = fleet.stream().filter(s -> "Accepted".equals(s.bootStatus())).count();
      long charging = fleet.stream().filter(s -> s.connectorState(1).transactionId() != null).count();
      System.out.println("fleet connected=" + connected + " booted=" + booted + " charging=" + charging);
      System.out.flush();
      if (plugIn) {
        // Each charger gets its vehicle once it is booted, paced like the connection ramp.
        int n = 0;
        for (ChargePointSimulator s : fleet) {
          if (!plugged.contains(s) && "Accepted".equals(s.bootStatus()) && s.isConnected()) {
            plugged.add(s);
            s.plugIn(1, new SimVehicle(s.config().chargerId() + "-ev", 75, 30, 22, 0));
            if (++n % Math.max(1, rampPerSecond / 10) == 0) {
              Thread.sleep(100);
            }
          }
        }
      }
      Thread.sleep(2000);
    }
    fleet.forEach(ChargePointSimulator::close);
    client.stop();
    scheduler.shutdownNow();
    System.exit(0);
  }
}
