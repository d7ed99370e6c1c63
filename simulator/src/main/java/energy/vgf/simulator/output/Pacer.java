package energy.vgf.simulator.output;

import java.util.concurrent.locks.LockSupport;

/** Holds the simulation back so event time advances at {@code speed} times wall-clock time. */
@FunctionalInterface
public interface Pacer {

  /** Returns when the run may emit records of event time {@code eventEpochS}. */
  void await(long eventEpochS);

  /** As fast as possible (files, benchmarks, tests). */
  Pacer NONE = t -> { };

  /** Replays at {@code speed} x real time (e.g. 600: a day in 144 s), starting now at {@code startEpochS}. */
  static Pacer realTime(double speed, long startEpochS) {
    if (speed <= 0) {
      throw new IllegalArgumentException("speed must be > 0, got " + speed);
    }
    long wallStart = System.nanoTime();
    return eventEpochS -> {
      long due = wallStart + (long) ((eventEpochS - startEpochS) * 1e9 / speed);
      for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
        LockSupport.parkNanos(wait);
      }
    };
  }
}
