package energy.vgf.simulator.faults;

import energy.vgf.simulator.scenario.FaultSpec;
import energy.vgf.telemetry.VehicleTelemetry;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Injects the faults real telematics feeds show, for one vehicle, from the vehicle's own fault
 * stream (so switching faults on does not change the underlying simulation):
 * <ul>
 *   <li>gaps: outages (modem off, no coverage) starting as a Poisson process, exponential length;</li>
 *   <li>duplicates: the same record delivered twice (at-least-once retries);</li>
 *   <li>out-of-order: a record delivered after the vehicle's next one;</li>
 *   <li>stuck SoC: the reported SoC freezes for an episode (BMS or gateway fault);</li>
 *   <li>clock skew: a fixed offset on some vehicles' timestamps.</li>
 * </ul>
 */
public final class TelemetryFaults {

  private final FaultSpec spec;
  private final SplittableRandom random;
  private final long skewMs;
  private long lastTsMs = Long.MIN_VALUE;
  private long gapUntilMs = Long.MIN_VALUE;
  private long stuckUntilMs = Long.MIN_VALUE;
  private Double stuckSocPct;
  private VehicleTelemetry held;
  private long offered;
  private long dropped;
  private long duplicated;
  private long reordered;
  private long stuck;
  private long skewed;

  public TelemetryFaults(FaultSpec spec, SplittableRandom random) {
    this.spec = spec;
    this.random = random;
    boolean skewedVehicle = random.nextDouble() * 100 < spec.clockSkewVehiclePct();
    double s = (2 * random.nextDouble() - 1) * spec.clockSkewMaxS();
    this.skewMs = skewedVehicle ? Math.round(s * 1000) : 0;
  }

  /** Passes the record on to {@code out} zero, one or two times, possibly altered or late. */
  public void offer(VehicleTelemetry record, Consumer<VehicleTelemetry> out) {
    offered++;
    long ts = record.getTs().toEpochMilli();
    double dtDays = lastTsMs == Long.MIN_VALUE ? 0 : (ts - lastTsMs) / 86_400_000.0;
    lastTsMs = ts;
    // Poisson starts: P(start within dt) = 1 - exp(-rate dt).
    if (ts >= gapUntilMs && random.nextDouble() < 1 - Math.exp(-spec.gapsPerDay() * dtDays)) {
      gapUntilMs = ts + Math.round(exponential(spec.gapMeanMin()) * 60_000);
    }
    boolean startStuck = random.nextDouble() < 1 - Math.exp(-spec.stuckSocPerDay() * dtDays);
    double dupDraw = random.nextDouble() * 100;
    double oooDraw = random.nextDouble() * 100;
    if (ts < gapUntilMs) {
      dropped++;
      return;
    }
    if (ts >= stuckUntilMs) {
      stuckSocPct = null;
      if (startStuck && record.getSocPct() != null) {
        stuckSocPct = record.getSocPct();
        stuckUntilMs = ts + Math.round(exponential(spec.stuckSocMeanH()) * 3_600_000);
      }
    }
    VehicleTelemetry r = record;
    if (stuckSocPct != null || skewMs != 0) {
      r = VehicleTelemetry.newBuilder(record).build();
      if (stuckSocPct != null) {
        r.setSocPct(stuckSocPct);
        stuck++;
      }
      if (skewMs != 0) {
        r.setTs(Instant.ofEpochMilli(ts + skewMs));
        skewed++;
      }
    }
    if (held == null && oooDraw < spec.outOfOrderPct()) {
      held = r;
      reordered++;
      return;
    }
    out.accept(r);
    if (dupDraw < spec.duplicatePct()) {
      out.accept(r);
      duplicated++;
    }
    if (held != null) {
      out.accept(held);
      held = null;
    }
  }

  /** Delivers a record still held back for reordering (end of run). */
  public void flush(Consumer<VehicleTelemetry> out) {
    if (held != null) {
      out.accept(held);
      held = null;
    }
  }

  public FaultStats stats() {
    return new FaultStats(offered, dropped, duplicated, reordered, stuck, skewed);
  }

  private double exponential(double mean) {
    return -mean * Math.log(1 - random.nextDouble());
  }
}
