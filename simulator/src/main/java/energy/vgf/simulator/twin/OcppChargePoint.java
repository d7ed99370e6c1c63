package energy.vgf.simulator.twin;

import energy.vgf.ocpp.sim.ChargePointSimulator;
import energy.vgf.ocpp.sim.SimConnector;
import energy.vgf.ocpp.sim.SimVehicle;
import energy.vgf.simulator.depot.ChargePoint;
import energy.vgf.simulator.depot.PluggedVehicle;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A twin charger backed by an OCPP charge-point simulator connected to the bridge: plug-in starts a
 * transaction, plug-out stops it, and the power applied to the vehicle is the energy the charger
 * metered, so the twin's SoC follows whatever the bridge's profiles (TxDefaultProfile, TxProfile from
 * setpoints) let the charger deliver.
 *
 * <p>Energy. The charge-point simulator advances on its own wall-clock tick (ChargePointSimulator.tickMillis: speed x tick simulated
 * seconds), the twin in 30 s simulated steps. Each step credits the vehicle with a share of what the
 * register metered since plug-in and no step credited yet: the twin's energy is the metered energy
 * through a first-order lag of half a charger tick. It never leads the meter, lags it by about half
 * a tick on average (at most a little over one), and what is pending at plug-out is settled then, so
 * over a session the twin's grid energy equals the register delta.
 *
 * <p>SoC. The simulated EV is told a capacity of capacity / efficiency and a power of maxChargeKw /
 * efficiency (grid side), because the charge-point simulator puts grid energy into its SoC without
 * losses: its SoC (in the meter values) then equals the twin's battery SoC, and its 80 % taper
 * matches the twin vehicle's. Discharge is the exception: the simulator's SoC falls by grid energy x
 * efficiency, the twin's by grid energy / efficiency.
 */
final class OcppChargePoint implements ChargePoint {

  private static final Logger LOG = LoggerFactory.getLogger(OcppChargePoint.class);
  /** Each twin charger has one connector (an EVSE with one connector in 2.x). */
  static final int CONNECTOR = 1;
  /** Pause between retries of a transaction that did not start (charger offline). */
  private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(2);

  private final TwinCharger charger;
  private final ChargePointSimulator sim;
  private final double speed;
  private final Duration callTimeout;

  private PluggedVehicle vehicle;
  /** Net register (import - export) at plug-in, Wh. */
  private double baseWh;
  /** Energy credited to the vehicle since plug-in, Wh (grid side). */
  private double creditedWh;
  /** The running or last transaction start; null after a failed one (retried) or after plug-out. */
  private volatile CompletableFuture<String> start;
  private volatile long retryAtNanos;

  OcppChargePoint(TwinCharger charger, ChargePointSimulator sim, double speed, Duration callTimeout) {
    this.charger = charger;
    this.sim = sim;
    this.speed = speed;
    this.callTimeout = callTimeout;
  }

  ChargePointSimulator simulator() {
    return sim;
  }

  @Override
  public String chargerId() {
    return charger.chargerId();
  }

  @Override
  public double maxPowerKw() {
    return charger.maxPowerKw();
  }

  @Override
  public boolean bidirectional() {
    return charger.bidirectional();
  }

  @Override
  public double efficiency() {
    return charger.spec().efficiency();
  }

  @Override
  public void plugIn(long epochS, PluggedVehicle v) {
    if (vehicle != null) {
      throw new IllegalStateException("charger " + chargerId() + " already serves " + vehicle.vehicleId()
          + "; cannot plug in " + v.vehicleId());
    }
    vehicle = v;
    // Read before the transaction starts: without one the register does not move, so nothing the
    // charger delivers in this session is missed.
    baseWh = netWh(sim.connectorState(CONNECTOR));
    creditedWh = 0;
    // Not awaited: the charger meters on its own wall clock from the moment it starts, whatever the twin's
    // clock does. Awaiting each start one after the other held the twin at the run's first step while the
    // chargers plugged in first charged for seconds of wall clock (hours of simulated time at 1,200 x), all of
    // it then credited to the first interval: a spike above what the depot's chargers can draw.
    startTransaction();
  }

  @Override
  public double powerKw(long epochS, int stepS) {
    if (vehicle == null) {
      return 0;
    }
    if (start == null && System.nanoTime() >= retryAtNanos && sim.isConnected()
        && "Accepted".equals(sim.bootStatus())) {
      LOG.info("{}: retrying the transaction of {}", chargerId(), vehicle.vehicleId());
      startTransaction(); // not awaited: the run keeps its pace; the next steps see the energy
    }
    SimConnector.Snapshot s = sim.connectorState(CONNECTOR);
    double backlogWh = netWh(s) - baseWh - creditedWh;
    double creditWh = credit(backlogWh, s.powerW(), stepS);
    creditedWh += creditWh;
    return creditWh * 3.6 / stepS;
  }

  /**
   * The share of the metered, not yet credited energy to credit this step: a first-order lag with a
   * time constant of half a charger tick, so the twin charges smoothly between the charger's ticks
   * (never zero while energy is pending, which would flicker the telemetry to PARKED) and never ahead
   * of the meter. When the charger stops delivering, what is pending is credited at once.
   */
  private double credit(double backlogWh, double powerW, int stepS) {
    if (powerW == 0) {
      return backlogWh;
    }
    double tickS = ChargePointSimulator.tickMillis(speed) / 1000.0 * speed;
    return backlogWh * Math.min(1.0, 2.0 * stepS / tickS);
  }

  @Override
  public double plugOut(long epochS) {
    if (vehicle == null) {
      return 0;
    }
    String vehicleId = vehicle.vehicleId();
    vehicle = null;
    CompletableFuture<String> pending = start;
    if (pending != null && !pending.isDone()) {
      // A stop before the start's answer would leave the charger with an orphan transaction.
      awaitQuietly(pending, "plug-in of " + vehicleId);
    }
    synchronized (this) {
      start = null;
    }
    awaitQuietly(sim.plugOut(CONNECTOR), "plug-out of " + vehicleId);
    // After the stop the register no longer moves: settle what no step credited.
    double residualWh = netWh(sim.connectorState(CONNECTOR)) - baseWh - creditedWh;
    return residualWh / 1000.0;
  }

  /** Stops a running transaction at the end of a run, so the bridge records the session's end. */
  void close() {
    if (vehicle != null) {
      plugOut(0);
    }
    sim.close();
  }

  private void startTransaction() {
    SimVehicle ev = simulatedEv(vehicle);
    CompletableFuture<String> f;
    try {
      f = sim.plugIn(CONNECTOR, ev);
    } catch (RuntimeException e) {
      f = CompletableFuture.failedFuture(e);
    }
    CompletableFuture<String> attempt = f;
    start = attempt;
    attempt.whenComplete((tx, e) -> {
      if (e != null) {
        failedStart(attempt, e);
      }
    });
  }

  private synchronized void failedStart(CompletableFuture<String> attempt, Throwable e) {
    if (start != attempt) {
      return; // unplugged meanwhile
    }
    LOG.warn("{}: transaction did not start ({}); the vehicle does not charge until the charger is back, "
        + "retrying every {} s", chargerId(), cause(e).getMessage(), TimeUnit.NANOSECONDS.toSeconds(RETRY_NANOS));
    retryAtNanos = System.nanoTime() + RETRY_NANOS;
    start = null;
  }

  private SimVehicle simulatedEv(PluggedVehicle v) {
    double eff = efficiency();
    double socPct = Math.max(0, Math.min(100, v.socPct()));
    double maxGridKw = v.maxChargeKw() / eff;
    return new SimVehicle(v.vehicleId(), v.capacityKwh() / eff, socPct, maxGridKw,
        bidirectional() ? Math.min(maxPowerKw(), v.maxChargeKw()) : 0);
  }

  private void awaitQuietly(CompletableFuture<?> f, String what) {
    try {
      f.get(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TwinException("interrupted during the " + what + " on " + chargerId(), e);
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("{}: {} failed: {}", chargerId(), what, cause(e).toString());
    }
  }

  private static double netWh(SimConnector.Snapshot s) {
    return s.energyImportWh() - s.energyExportWh();
  }

  private static Throwable cause(Throwable e) {
    Throwable t = e;
    while ((t instanceof ExecutionException || t instanceof java.util.concurrent.CompletionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
