package energy.vgf.simulator.metering;

import energy.vgf.metering.ReadingQuality;
import energy.vgf.metering.SiteMeterReading;
import energy.vgf.simulator.Seeds;
import energy.vgf.simulator.scenario.DepotSpec;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.SplittableRandom;

/**
 * A depot's revenue meter: integrates charger power plus the base building load, and reads out
 * 15-minute intervals. Import and export are registered separately per simulation step, as a
 * bidirectional meter's two channels do.
 */
public final class SiteMeter {

  public static final int INTERVAL_S = 900;

  private final DepotSpec depot;
  private final ZoneId zone;
  private final SplittableRandom random;
  private final double missingPct;
  private long intervalStartS;
  private double importKwh;
  private double exportKwh;
  private double baseKw;
  private double chargerKwhTotal;
  private double baseKwhTotal;
  private double importKwhTotal;
  private double exportKwhTotal;

  public SiteMeter(DepotSpec depot, ZoneId zone, long seed, long startS, double missingPct) {
    this.depot = depot;
    this.zone = zone;
    this.random = Seeds.stream(seed, "meter:" + depot.id());
    this.missingPct = missingPct;
    this.intervalStartS = startS;
    this.baseKw = baseLoadKw(startS);
  }

  /** Relative spread (one standard deviation) of each interval's base load around its shape. */
  public static final double BASE_LOAD_NOISE = 0.05;

  /** Building load: workshop and offices on weekdays 06:00-18:00 local, security lighting at night. */
  private double baseLoadKw(long epochS) {
    ZonedDateTime local = Instant.ofEpochSecond(epochS).atZone(zone);
    boolean weekend = local.getDayOfWeek() == DayOfWeek.SATURDAY || local.getDayOfWeek() == DayOfWeek.SUNDAY;
    return depot.baseLoadKw() * baseLoadShape(local.getHour(), weekend) * (1 + BASE_LOAD_NOISE * random.nextGaussian());
  }

  /** The building load at a local hour as a multiple of the depot's nominal base load. */
  public static double baseLoadShape(int localHour, boolean weekend) {
    return (localHour >= 6 && localHour < 18) ? (weekend ? 0.8 : 1.35) : 0.65;
  }

  /** Adds one step of charger power (kW, grid side) and the base load. */
  public void add(double chargerKw, int stepS) {
    double h = stepS / 3600.0;
    double net = (chargerKw + baseKw) * h;
    chargerKwhTotal += chargerKw * h;
    baseKwhTotal += baseKw * h;
    if (net >= 0) {
      importKwh += net;
    } else {
      exportKwh -= net;
    }
  }

  /** True when {@code epochS} closes the current interval. */
  public boolean due(long epochS) {
    return epochS >= intervalStartS + INTERVAL_S;
  }

  /** The reading of the interval that just ended; starts the next one. */
  public SiteMeterReading read() {
    boolean missing = random.nextDouble() * 100 < missingPct;
    SiteMeterReading r = new SiteMeterReading(depot.id(), depot.meterId(), Instant.ofEpochSecond(intervalStartS),
        Instant.ofEpochSecond(intervalStartS + INTERVAL_S),
        missing ? 0.0 : round(importKwh), missing ? 0.0 : round(exportKwh),
        missing ? ReadingQuality.MISSING : ReadingQuality.VALID, "simulator");
    importKwhTotal += importKwh;
    exportKwhTotal += exportKwh;
    intervalStartS += INTERVAL_S;
    importKwh = 0;
    exportKwh = 0;
    baseKw = baseLoadKw(intervalStartS);
    return r;
  }

  public DepotSpec depot() {
    return depot;
  }

  /** Totals over the read intervals plus the open one: charger and base energy, import, export. */
  public MeterTotals totals() {
    return new MeterTotals(depot.id(), chargerKwhTotal, baseKwhTotal, importKwhTotal, exportKwhTotal);
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  /** Energy through a depot meter over a run, kWh. Import - export = charger + base (unrounded). */
  public record MeterTotals(String depotId, double chargerKwh, double baseKwh, double importKwh, double exportKwh) {}
}
