package energy.vgf.simulator.twin;

import energy.vgf.simulator.output.Pacer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;

/**
 * The twin's two clocks and the map between them. The scenario runs in simulated time from its start
 * (its own dates, so a seed gives the same fleet schedule whenever it runs); the bridge, OCPP and the
 * charge-point simulators run on the wall clock. When the run begins (the first {@link #await}),
 * simulated {@code start} is pinned to wall-clock now, and from then on simulated time runs at
 * {@code speed} x the wall clock.
 *
 * <p>Elastic: simulated time never runs more than {@link #LEAD} ahead of the twin's last step. When the
 * twin cannot keep up (a loaded machine, a speed too high for the fleet), the clock waits for it instead of
 * running away: otherwise the chargers, whose energy follows this clock ({@link #simulatedMillis}), would
 * charge at speed x while the vehicles move slower, and the chargers' records, stamped by this clock, would
 * lie hours ahead of the vehicles' telemetry (seen: a watermark carried 13 simulated hours ahead, 43 % of
 * the telemetry dead-lettered as late). So the whole run slows down together and stays consistent.
 *
 * <p>Everything the bridge interprets is on the wall clock: a DispatchSetpoint meant for simulated
 * [from, to) must carry {@code validFrom = toWall(from)}, {@code validTo = toWall(to)}; the bridge's
 * fail-safe validity and the profiles' validFrom/validTo are then wall-clock durations that cover
 * up to speed x as much simulated time. The chargers' records (status, sessions, meter values) carry
 * wall-clock timestamps: {@link #toSim} places them on the scenario's time line, using the clock's
 * history (each stall and resume is remembered for a while) for instants in the past.
 */
public final class TwinClock implements Pacer {

  /** How far simulated time may run ahead of the twin's last step: two of its 30-second steps. */
  static final Duration LEAD = Duration.ofSeconds(60);
  /** Stalls and resumes remembered for mapping past wall-clock instants (records arrive within seconds). */
  private static final int HISTORY = 20_000;

  /** From {@code wallNanos} on (since the run began), simulated time is {@code simNanos}, moving or stalled. */
  private record Segment(long wallNanos, long simNanos, boolean moving) {
  }

  private final double speed;
  private final long startEpochS;
  private final long leadNanos;
  private final CompletableFuture<TwinClock> started = new CompletableFuture<>();
  private volatile long wallStartNanos;
  private volatile Instant wallStart;
  /** Guarded by this; never empty once started. */
  private final ArrayDeque<Segment> segments = new ArrayDeque<>();
  /** Simulated nanos since the start that the clock may reach before the twin's next step; guarded by this. */
  private long capSimNanos;

  public TwinClock(double speed, Instant simulatedStart) {
    this(speed, simulatedStart, LEAD);
  }

  TwinClock(double speed, Instant simulatedStart, Duration lead) {
    if (!(speed > 0)) {
      throw new IllegalArgumentException("speed must be > 0, got " + speed);
    }
    this.speed = speed;
    this.startEpochS = simulatedStart.getEpochSecond();
    this.leadNanos = lead.toNanos();
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

  /**
   * The twin's step at {@code eventEpochS}: lets the clock run up to {@link #LEAD} past it and returns when
   * simulated time has reached it.
   */
  @Override
  public void await(long eventEpochS) {
    if (wallStart == null) {
      begin();
    }
    long target = (eventEpochS - startEpochS) * 1_000_000_000L;
    release(target + leadNanos);
    for (long now = simNanosNow(); now < target; now = simNanosNow()) {
      LockSupport.parkNanos(Math.max(10_000L, (long) ((target - now) / speed)));
    }
  }

  private synchronized void begin() {
    if (wallStart == null) {
      wallStartNanos = System.nanoTime();
      wallStart = Instant.now();
      segments.add(new Segment(0, 0, true));
      started.complete(this);
    }
  }

  /** Raises the cap; a stalled clock moves again from where it stopped. */
  private synchronized void release(long capNanos) {
    if (capNanos <= capSimNanos) {
      return;
    }
    simNanosNow(); // a stall not yet observed is recorded at the instant it began, before the cap moves
    capSimNanos = capNanos;
    Segment last = segments.peekLast();
    if (!last.moving()) {
      append(new Segment(Math.max(last.wallNanos(), relWallNanos()), last.simNanos(), true));
    }
  }

  /** Simulated nanos since the start, now; stalls the clock at the cap. 0 before the run begins. */
  private synchronized long simNanosNow() {
    if (wallStart == null) {
      return 0;
    }
    Segment last = segments.peekLast();
    if (!last.moving()) {
      return last.simNanos();
    }
    long derived = last.simNanos() + (long) ((relWallNanos() - last.wallNanos()) * speed);
    if (derived < capSimNanos) {
      return derived;
    }
    // The twin is behind: stop where the cap is, at the wall instant the clock reached it.
    long reachedAt = last.wallNanos() + (long) ((capSimNanos - last.simNanos()) / speed);
    append(new Segment(reachedAt, capSimNanos, false));
    return capSimNanos;
  }

  private void append(Segment s) {
    segments.addLast(s);
    if (segments.size() > HISTORY) {
      segments.removeFirst();
    }
  }

  private long relWallNanos() {
    return System.nanoTime() - wallStartNanos;
  }

  /**
   * Simulated milliseconds since the start, now: what the chargers' physics integrate over, so that their
   * energy follows this clock (0 until the run begins).
   */
  public long simulatedMillis() {
    return simNanosNow() / 1_000_000L;
  }

  /** Simulated now: where the scenario's time line is (at most {@link #LEAD} ahead of the twin). */
  public Instant simulatedNow() {
    requireStarted();
    return simulatedStart().plusNanos(simNanosNow());
  }

  /** The wall-clock instant of a simulated one: from the clock's history, or as it runs now for the future. */
  public Instant toWall(Instant simulated) {
    Instant w = requireStarted();
    long sim = Duration.between(simulatedStart(), simulated).toNanos();
    simNanosNow(); // brings a stall up to date
    synchronized (this) {
      Segment at = segments.peekFirst();
      for (Iterator<Segment> it = segments.descendingIterator(); it.hasNext(); ) {
        Segment s = it.next();
        if (s.simNanos() <= sim) {
          at = s;
          break;
        }
      }
      long wallNanos = at.moving() || at != segments.peekLast()
          ? at.wallNanos() + (long) ((sim - at.simNanos()) / speed)
          // stalled now: it resumes when the twin catches up, at the earliest now
          : relWallNanos() + (long) ((sim - at.simNanos()) / speed);
      return w.plusNanos(wallNanos);
    }
  }

  /** The simulated instant of a wall-clock one (e.g. a ChargerMeterValue's ts), from the clock's history. */
  public Instant toSim(Instant wall) {
    Instant w = requireStarted();
    long wallNanos = Duration.between(w, wall).toNanos();
    simNanosNow();
    synchronized (this) {
      Segment at = segments.peekFirst();
      Segment next = null;
      for (Iterator<Segment> it = segments.descendingIterator(); it.hasNext(); ) {
        Segment s = it.next();
        if (s.wallNanos() <= wallNanos) {
          at = s;
          break;
        }
        next = s;
      }
      long sim = at.moving() ? at.simNanos() + (long) ((wallNanos - at.wallNanos()) * speed) : at.simNanos();
      if (next != null) {
        sim = Math.min(sim, next.simNanos());
      } else if (at.moving()) {
        sim = Math.min(sim, capSimNanos);
      }
      return simulatedStart().plusNanos(sim);
    }
  }

  /** A simulated duration on the wall clock at full speed. */
  public Duration toWall(Duration simulated) {
    return Duration.ofNanos((long) (simulated.toNanos() / speed));
  }

  private Instant requireStarted() {
    Instant w = wallStart;
    if (w == null) {
      throw new IllegalStateException("the twin's clock has not started: wait for started()");
    }
    return w;
  }
}
