package energy.vgf.simulator.twin;

import energy.vgf.ocpp.rpc.RpcOptions;
import energy.vgf.ocpp.sim.ChargePointSimulator;
import energy.vgf.ocpp.sim.ProfileStore;
import energy.vgf.ocpp.sim.SimClients;
import energy.vgf.ocpp.sim.SimulatorConfig;
import energy.vgf.simulator.RunSummary;
import energy.vgf.simulator.Simulation;
import energy.vgf.simulator.depot.ChargePointFactory;
import energy.vgf.simulator.output.StreamSink;
import energy.vgf.simulator.scenario.Scenario;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.DoubleConsumer;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The depot digital twin in closed loop over OCPP: every charger of the scenario is a charge-point
 * simulator connected to a running bridge; vehicles plug in on arrival and out at departure, and their
 * SoC follows the energy the chargers meter, which follows the bridge's charging profiles (its
 * TxDefaultProfile with no dispatch, TxProfiles from DispatchSetpoints). The scenario's streams go to
 * the sink in step with the chargers, paced at {@code speed} x the wall clock (see {@link TwinClock}
 * for the time model).
 *
 * <p>Deterministic: the fleet (vehicles, batteries, trips, arrivals, departures), prices, weather and
 * grid signals for a seed. Not deterministic: the energy, because the chargers advance on their own
 * wall-clock tick and OCPP round trips interleave with the run on the machine's scheduler; two runs
 * differ in SoC by up to about one charger tick (speed seconds) of charging per session.
 */
public final class DepotTwin implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DepotTwin.class);

  private final Scenario scenario;
  private final TwinConfig config;
  private final TwinClock clock;
  private final List<TwinCharger> chargers;
  private final Map<String, OcppChargePoint> chargePoints = new LinkedHashMap<>();
  private final WebSocketClient client;
  private final ScheduledExecutorService timers;

  /**
   * Creates one charge-point simulator per charger of the scenario and connects it to the bridge,
   * with the password {@code credentials} gives it (the charger must be enrolled by then).
   */
  public DepotTwin(Scenario scenario, TwinConfig config, ChargerCredentials credentials) {
    this.scenario = scenario;
    this.config = config;
    this.clock = new TwinClock(config.speed(), scenario.startInstant());
    this.chargers = TwinCharger.of(scenario);
    if (chargers.isEmpty()) {
      throw new TwinException("scenario " + scenario.name() + " has no chargers: nothing for the twin to connect");
    }
    this.client = SimClients.plain();
    this.timers = Executors.newScheduledThreadPool(2, r -> {
      Thread t = new Thread(r, "twin-chargers");
      t.setDaemon(true);
      return t;
    });
    for (TwinCharger c : chargers) {
      SimulatorConfig sc = new SimulatorConfig(c.chargerId(), config.bridgeUri(), config.version(),
          credentials.passwordFor(c), 1, c.maxPowerKw(), c.phases(), c.voltageV(), c.bidirectional(),
          List.of("W", "A"), config.wallMeterInterval(), config.speed(), Duration.ofMillis(200),
          Duration.ofSeconds(5), RpcOptions.defaults());
      ChargePointSimulator sim = new ChargePointSimulator(sc, client, timers);
      sim.drivePhysicsBy(clock::simulatedMillis); // energy in step with the vehicles when the twin lags
      chargePoints.put(c.chargerId(), new OcppChargePoint(c, sim, config.speed(), config.callTimeout()));
    }
  }

  public TwinClock clock() {
    return clock;
  }

  public List<TwinCharger> chargers() {
    return List.copyOf(chargers);
  }

  /** The simulator behind a charger, for tests and tools (installed profiles, received calls). */
  public ChargePointSimulator simulator(String chargerId) {
    OcppChargePoint cp = chargePoints.get(chargerId);
    if (cp == null) {
      throw new IllegalArgumentException("no twin charger " + chargerId + "; chargers: " + chargePoints.keySet());
    }
    return cp.simulator();
  }

  /** Runs the scenario (or its first {@code runFor}) without a progress display. */
  public RunSummary run(StreamSink sink) {
    return run(sink, f -> { });
  }

  /**
   * Connects the chargers, waits until each is booted and has its TxDefaultProfile, then runs the
   * scenario paced at {@code speed}; vehicles still plugged in at the end are unplugged (their
   * sessions end) when the twin is closed.
   */
  public RunSummary run(StreamSink sink, DoubleConsumer progress) {
    connect();
    Simulation simulation = new Simulation(scenario, chargePointFactory());
    if (config.runFor() != null) {
      Instant end = scenario.startInstant().plus(config.runFor());
      simulation = simulation.until(end.isAfter(scenario.endInstant()) ? scenario.endInstant() : end);
    }
    LOG.info("depot twin {}: {} chargers on {}, {} x real time from {} (simulated)", scenario.name(),
        chargers.size(), config.bridgeUri(), config.speed(), scenario.startInstant());
    return simulation.run(sink, clock, progress);
  }

  private ChargePointFactory chargePointFactory() {
    return (depot, spec, id) -> {
      OcppChargePoint cp = chargePoints.get(id);
      if (cp == null) {
        throw new IllegalStateException("depot " + depot.id() + " asks for charger " + id + " that the twin did not create");
      }
      return cp;
    };
  }

  private void connect() {
    chargePoints.values().forEach(cp -> cp.simulator().start());
    long deadline = System.nanoTime() + config.readyTimeout().toNanos();
    List<String> notReady = notReady();
    while (!notReady.isEmpty() && System.nanoTime() < deadline) {
      // Polling the simulators' state: they offer no readiness callback.
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
      notReady = notReady();
    }
    if (!notReady.isEmpty()) {
      throw new TwinException(notReady.size() + " of " + chargers.size() + " chargers not ready within "
          + config.readyTimeout() + ": " + String.join("; ", notReady.subList(0, Math.min(10, notReady.size())))
          + " (is the bridge running at " + config.bridgeUri() + " and are the chargers enrolled?)");
    }
    // One line for the whole twin: a site-wide fail-safe rate is usually deliberate (the demo sets one per depot).
    List<String> limited = new ArrayList<>();
    for (OcppChargePoint cp : chargePoints.values()) {
      double limitKw = txDefaultLimitKw(cp.simulator());
      if (limitKw < cp.maxPowerKw() - 1e-6) {
        limited.add(String.format(Locale.ROOT, "%s %.1f of %.1f kW", cp.chargerId(), limitKw, cp.maxPowerKw()));
      }
    }
    if (!limited.isEmpty()) {
      LOG.warn("{} of {} chargers have a TxDefaultProfile below their full power (e.g. {}): without dispatch the twin "
          + "charges at the bridge's fail-safe rate, not at full power (run the bridge with --fail-safe-fraction 1 for "
          + "the uncontrolled baseline)", limited.size(), chargePoints.size(),
          String.join(", ", limited.subList(0, Math.min(3, limited.size()))));
    }
  }

  /** Chargers that are not connected, booted and configured, with what is known of why. */
  private List<String> notReady() {
    List<String> out = new ArrayList<>();
    for (OcppChargePoint cp : chargePoints.values()) {
      ChargePointSimulator s = cp.simulator();
      if (!s.isConnected()) {
        int status = s.lastUpgradeStatus();
        out.add(cp.chargerId() + " not connected" + (status == 401 ? " (401: not enrolled or wrong password)"
            : status > 0 ? " (HTTP " + status + ")" : ""));
      } else if (!"Accepted".equals(s.bootStatus())) {
        out.add(cp.chargerId() + " boot " + (s.bootStatus() == null ? "pending" : s.bootStatus()));
      } else if (Double.isNaN(txDefaultLimitKw(s))) {
        out.add(cp.chargerId() + " has no TxDefaultProfile yet");
      }
    }
    return out;
  }

  /** The charger-wide TxDefaultProfile's first limit in kW, NaN when none is installed. */
  private static double txDefaultLimitKw(ChargePointSimulator s) {
    for (ProfileStore.Installed p : s.installedProfiles()) {
      if (p.purpose().equals("TxDefaultProfile") && !p.periods().isEmpty() && p.periods().get(0).limit() != null) {
        double limit = p.periods().get(0).limit();
        SimulatorConfig c = s.config();
        Integer phases = p.periods().get(0).numberPhases();
        int ph = phases != null ? phases : Math.max(1, c.phases());
        return p.rateUnit().equals("A") ? limit * c.voltageV() * ph / 1000.0 : limit / 1000.0;
      }
    }
    return Double.NaN;
  }

  /** Ends running sessions (StopTransaction), disconnects every charger and stops the client. */
  @Override
  public void close() {
    for (OcppChargePoint cp : chargePoints.values()) {
      try {
        cp.close();
      } catch (RuntimeException e) {
        LOG.warn("{}: not closed cleanly: {}", cp.chargerId(), e.toString());
      }
    }
    try {
      client.stop();
    } catch (Exception e) {
      LOG.warn("WebSocket client not stopped cleanly: {}", e.toString());
    }
    timers.shutdownNow();
  }
}
