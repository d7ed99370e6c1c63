package energy.vgf.simulator.twin;

import energy.vgf.simulator.output.Pacer;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;

/**
 * The twin's two clocks and the map between them. The scenario runs in simulated time from its start
 * (its own dates, so a seed gives the same fleet schedule whenever it runs); the bridge, OCPP and the
 * charge-point simulators run on the wall clock. When the run begins (the first {@link #await}),
 * simulated {@code start} is pinned to wall-clock now, and from then on
 * {@code simulated = start + (wall - wallStart) x speed}.
 *
 * <p>Everything the bridge interprets is on the wall clock: a DispatchSetpoint meant for simulated
 * [from, to) must carry {@code validFrom = toWall(from)}, {@code validTo = toWall(to)}; the bridge's
 * fail-safe validity and the profiles' validFrom/validTo are then wall-clock durations that cover
 * speed x as much simulated time. The chargers' records (status, sessions, meter values) carry
 * wall-clock timestamps: {@link #toSim} places them on the scenario's time line.
 */
public final class TwinClock implements Pacer {

  private final double speed;
  private final long startEpochS;
  private final CompletableFuture<TwinClock> started = new CompletableFuture<>();
  private volatile long wallStartNanos;
  private volatile Instant wallStart;

  public TwinClock(double speed, Instant simulatedStart) {
    if (!(speed > 0)) {
      throw new IllegalArgumentException("speed must be > 0, got " + speed);
    }
    this.speed = speed;
    this.startEpochS = simulatedStart.getEpochSecond();
  }

  public double speed() {
    return speed;
  }

  public Instant simulatedStart() {
    return Instant.ofEpochSecond(startEpochS);
  }

  /** Completes when the run begins, i.e. when the simulated start is pinned to the wall clock. */
  public CompletableFuture<TwinClock> started() {
    return started;
  }

  /** The wall-clock instant at which the run began; null before. */
  public Instant wallStart() {
    return wallStart;
  }

  @Override
  public void await(long eventEpochS) {
    if (wallStart == null) {
      begin();
    }
    long due = wallStartNanos + (long) ((eventEpochS - startEpochS) * 1e9 / speed);
    for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
      LockSupport.parkNanos(wait);
    }
  }

  private synchronized void begin() {
    if (wallStart == null) {
      wallStartNanos = System.nanoTime();
      wallStart = Instant.now();
      started.complete(this);
    }
  }

  /** The wall-clock instant of a simulated one. */
  public Instant toWall(Instant simulated) {
    Instant w = requireStarted();
    long simNanos = Duration.between(simulatedStart(), simulated).toNanos();
    return w.plusNanos((long) (simNanos / speed));
  }

  /** The simulated instant of a wall-clock one (e.g. a ChargerMeterValue's ts). */
  public Instant toSim(Instant wall) {
    Instant w = requireStarted();
    long wallNanos = Duration.between(w, wall).toNanos();
    return simulatedStart().plusNanos((long) (wallNanos * speed));
  }

  /** A simulated duration on the wall clock. */
  public Duration toWall(Duration simulated) {
    return Duration.ofNanos((long) (simulated.toNanos() / speed));
  }

  /** Simulated now: where the scenario's time line is by the wall clock (the run may lag it). */
  public Instant simulatedNow() {
    return toSim(Instant.now());
  }

  private Instant requireStarted() {
    Instant w = wallStart;
    if (w == null) {
      throw new IllegalStateException("the twin's clock has not started: wait for started()");
    }
    return w;
  }
}
