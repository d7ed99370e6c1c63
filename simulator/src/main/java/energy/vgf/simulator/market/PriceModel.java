package energy.vgf.simulator.market;

import energy.vgf.market.MarketPrice;
import energy.vgf.market.MarketType;
import energy.vgf.simulator.Seeds;
import energy.vgf.simulator.scenario.MarketSpec;
import energy.vgf.simulator.scenario.Scenario;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Synthetic LMPs shaped like CAISO's: a "duck curve" day-ahead profile (solar trough at midday,
 * evening ramp peak 18:00-20:00 local), a day-to-day level, and real-time 5-minute prices that
 * wander around day-ahead (AR(1)) with rare scarcity spikes. Components: the energy component is
 * shared, congestion is small noise, losses are the remainder (LMP = energy + congestion + loss).
 */
public final class PriceModel {

  /** Relative day-ahead price by local hour (hour beginning), shaped after CAISO SP15 in spring-winter. */
  private static final double[] DUCK = {
      0.85, 0.80, 0.78, 0.77, 0.80, 0.90, 1.05, 1.10, 0.90, 0.65, 0.50, 0.42,
      0.40, 0.42, 0.50, 0.65, 0.95, 1.45, 1.85, 1.90, 1.65, 1.35, 1.10, 0.95};
  private static final double DUCK_MEAN;

  static {
    double s = 0;
    for (double d : DUCK) {
      s += d;
    }
    DUCK_MEAN = s / DUCK.length;
  }

  private final Scenario scenario;
  private final MarketSpec spec;

  public PriceModel(Scenario scenario) {
    this.scenario = scenario;
    this.spec = scenario.market();
  }

  /** Key of the market price topic. */
  public String key() {
    return spec.iso() + ":" + spec.node();
  }

  /**
   * Day-ahead hourly prices for each local trade date of the run plus the day after (the platform
   * plans tomorrow), published at 13:00 local the day before (CAISO publishes DAM results around
   * 13:00 Pacific).
   */
  public List<MarketPrice> dayAhead() {
    ZoneId zone = scenario.zone();
    List<MarketPrice> out = new ArrayList<>();
    for (int d = 0; d <= scenario.days(); d++) {
      LocalDate date = scenario.startDate().plusDays(d);
      SplittableRandom rnd = Seeds.stream(scenario.seed(), "da:" + date);
      double level = spec.dayAheadMeanPerMwh() * Math.exp(0.12 * rnd.nextGaussian())
          * (date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY ? 0.9 : 1.0);
      Instant publishedAt = date.minusDays(1).atTime(13, 0).atZone(zone).toInstant();
      long start = date.atStartOfDay(zone).toEpochSecond();
      long end = date.plusDays(1).atStartOfDay(zone).toEpochSecond();
      for (long h = start; h < end; h += 3600) {
        int localHour = Instant.ofEpochSecond(h).atZone(zone).getHour();
        double lmp = level * (DUCK[localHour] / DUCK_MEAN) * (1 + 0.04 * rnd.nextGaussian());
        out.add(price(MarketType.DAY_AHEAD, h, h + 3600, lmp, rnd, publishedAt));
      }
    }
    return out;
  }

  /** Real-time 5-minute prices over the run, each published at its interval's end. */
  public List<MarketPrice> realTime(List<MarketPrice> dayAhead) {
    SplittableRandom rnd = Seeds.stream(scenario.seed(), "rt");
    long start = scenario.startInstant().getEpochSecond();
    long end = scenario.endInstant().getEpochSecond();
    List<MarketPrice> out = new ArrayList<>();
    int da = 0;
    double deviation = 0;
    double phi = 0.9;
    for (long t = start; t < end; t += 300) {
      while (da < dayAhead.size() - 1 && dayAhead.get(da).getIntervalEnd().getEpochSecond() <= t) {
        da++;
      }
      deviation = phi * deviation + spec.realTimeSdPerMwh() * Math.sqrt(1 - phi * phi) * rnd.nextGaussian();
      double spike = rnd.nextDouble() < spec.spikeProbability() ? 150 + 750 * rnd.nextDouble() : 0;
      double lmp = dayAhead.get(da).getLmpPerMwh() + deviation + spike;
      out.add(price(MarketType.REAL_TIME, t, t + 300, lmp, rnd, Instant.ofEpochSecond(t + 300)));
    }
    return out;
  }

  private MarketPrice price(MarketType market, long fromS, long toS, double lmp, SplittableRandom rnd, Instant publishedAt) {
    double lmpR = round5(lmp);
    double congestion = round5(0.8 * rnd.nextGaussian());
    double loss = round5(0.02 * lmpR);
    double energy = round5(lmpR - congestion - loss);
    return new MarketPrice(spec.iso(), spec.node(), market, Instant.ofEpochSecond(fromS), Instant.ofEpochSecond(toS),
        lmpR, energy, congestion, loss, publishedAt);
  }

  static double round5(double v) {
    return Math.round(v * 100_000) / 100_000.0;
  }
}
