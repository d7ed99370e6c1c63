package energy.vgf.simulator.weather;

import energy.vgf.simulator.Seeds;
import energy.vgf.simulator.scenario.DepotSpec;
import energy.vgf.simulator.scenario.Scenario;
import energy.vgf.simulator.scenario.WeatherSpec;
import energy.vgf.weather.WeatherForecast;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The "true" hourly weather at one depot, which both the vehicles' energy use (ambient temperature
 * in telemetry) and the published forecasts (truth plus a lead-time-growing error) are derived from,
 * so the two are consistent.
 */
public final class WeatherModel {

  private static final double TWO_PI = 2 * Math.PI;

  private final DepotSpec depot;
  private final WeatherSpec spec;
  private final long seed;
  private final long firstHourS;
  private final double[] temperatureC;
  private final double[] cloudPct;
  private final double[] windMPerS;

  public WeatherModel(Scenario scenario, DepotSpec depot) {
    this.depot = depot;
    this.spec = scenario.weather();
    this.seed = scenario.seed();
    this.firstHourS = Math.floorDiv(scenario.startInstant().getEpochSecond(), 3600) * 3600 - 24 * 3600;
    long lastHourS = scenario.endInstant().getEpochSecond() + (spec.forecastHorizonH() + 48L) * 3600;
    int hours = (int) ((lastHourS - firstHourS) / 3600) + 1;
    temperatureC = new double[hours];
    cloudPct = new double[hours];
    windMPerS = new double[hours];
    SplittableRandom rnd = Seeds.stream(seed, "weather:" + depot.id());
    ZoneId zone = scenario.zone();
    // AR(1) per hour: persistence of weather systems over a day or so.
    double phiT = 0.97;
    double phiC = 0.95;
    double noise = 0;
    double cloudLatent = 0;
    double wind = 3;
    for (int h = 0; h < hours; h++) {
      ZonedDateTime local = Instant.ofEpochSecond(firstHourS + h * 3600L).atZone(zone);
      double doy = local.getDayOfYear() + local.getHour() / 24.0;
      double localHour = local.getHour() + 0.5;
      noise = phiT * noise + spec.noiseSdC() * Math.sqrt(1 - phiT * phiT) * rnd.nextGaussian();
      // Coldest around 25 January, warmest around 26 July (northern mid-latitudes); warmest at 15:00.
      temperatureC[h] = spec.annualMeanC() - spec.annualAmplitudeC() * Math.cos(TWO_PI * (doy - 25) / 365.25)
          + spec.diurnalAmplitudeC() * Math.cos(TWO_PI * (localHour - 15) / 24) + noise;
      cloudLatent = phiC * cloudLatent + Math.sqrt(1 - phiC * phiC) * rnd.nextGaussian();
      cloudPct[h] = clamp(spec.meanCloudCoverPct() + 30 * cloudLatent, 0, 100);
      wind = Math.max(0, wind + 0.15 * (3.5 - wind) + 0.6 * rnd.nextGaussian());
      windMPerS[h] = wind;
    }
  }

  /** Air temperature at an instant, linear between hourly values (hour starts). */
  public double temperatureC(long epochS) {
    double x = (epochS - firstHourS) / 3600.0;
    int i = (int) Math.floor(x);
    if (i < 0) {
      return temperatureC[0];
    }
    if (i >= temperatureC.length - 1) {
      return temperatureC[temperatureC.length - 1];
    }
    double f = x - i;
    return temperatureC[i] * (1 - f) + temperatureC[i + 1] * f;
  }

  /** Mean global horizontal irradiance over the hour starting at {@code hourStartS}. */
  public double irradianceWPerM2(long hourStartS) {
    int i = index(hourStartS);
    double cosZenith = cosZenith(hourStartS + 1800, depot.latitudeDeg(), depot.longitudeDeg());
    if (cosZenith <= 0) {
      return 0;
    }
    // Haurwitz (1945) clear-sky GHI, attenuated for cloud with Kasten and Czeplak (1980).
    double clearSky = 1098 * cosZenith * Math.exp(-0.057 / cosZenith);
    double cloud = cloudPct[i] / 100;
    return clearSky * (1 - 0.75 * Math.pow(cloud, 3.4));
  }

  public double cloudCoverPct(long hourStartS) {
    return cloudPct[index(hourStartS)];
  }

  public double windSpeedMPerS(long hourStartS) {
    return windMPerS[index(hourStartS)];
  }

  private int index(long epochS) {
    int i = (int) ((epochS - firstHourS) / 3600);
    return Math.max(0, Math.min(temperatureC.length - 1, i));
  }

  /**
   * Cosine of the solar zenith angle: declination after Cooper (1969), equation of time after
   * Spencer (1971) in its common short form.
   */
  static double cosZenith(long epochS, double latDeg, double lonDeg) {
    double days = epochS / 86400.0;
    double doy = (days - Math.floor(days / 365.2425) * 365.2425) + 1; // close enough for solar geometry
    double declination = Math.toRadians(23.45) * Math.sin(TWO_PI * (284 + doy) / 365);
    double b = TWO_PI * (doy - 81) / 364;
    double eotMin = 9.87 * Math.sin(2 * b) - 7.53 * Math.cos(b) - 1.5 * Math.sin(b);
    double utcHours = (epochS % 86400) / 3600.0;
    double solarHours = utcHours + lonDeg / 15 + eotMin / 60;
    double hourAngle = Math.toRadians(15 * (solarHours - 12));
    double lat = Math.toRadians(latDeg);
    return Math.sin(lat) * Math.sin(declination) + Math.cos(lat) * Math.cos(declination) * Math.cos(hourAngle);
  }

  /**
   * Forecasts issued every {@code forecast_interval_h} hours (on UTC hour multiples), from the last
   * issue before the start of the run (emitted at the start), each for the next {@code forecast_horizon_h} hours. The error grows with lead time
   * (a damped random walk, about 1 degC after a day), seeded per depot and issue time.
   */
  public List<WeatherForecast> forecasts(Instant from, Instant to) {
    List<WeatherForecast> out = new ArrayList<>();
    long step = spec.forecastIntervalH() * 3600L;
    long issue = Math.floorDiv(from.getEpochSecond(), step) * step; // the latest issue known at the start
    for (; issue < to.getEpochSecond(); issue += step) {
      SplittableRandom rnd = Seeds.stream(seed, "forecast:" + depot.id() + ":" + issue);
      double tempErr = 0;
      Instant issuedAt = Instant.ofEpochSecond(issue);
      for (int lead = 1; lead <= spec.forecastHorizonH(); lead++) {
        long valid = issue + lead * 3600L;
        tempErr = 0.95 * tempErr + 0.35 * rnd.nextGaussian();
        double irrErr = 1 + (0.1 + 0.004 * lead) * rnd.nextGaussian();
        double cloud = clamp(cloudCoverPct(valid) + (5 + 0.3 * lead) * rnd.nextGaussian(), 0, 100);
        double wind = Math.max(0, windSpeedMPerS(valid) + 0.5 * rnd.nextGaussian());
        out.add(new WeatherForecast(depot.id(), depot.latitudeDeg(), depot.longitudeDeg(), "simulator",
            issuedAt, Instant.ofEpochSecond(valid),
            round1(temperatureC[index(valid)] + tempErr),
            round1(Math.max(0, irradianceWPerM2(valid) * irrErr)),
            round1(wind), round1(cloud)));
      }
    }
    return out;
  }

  private static double clamp(double v, double lo, double hi) {
    return Math.max(lo, Math.min(hi, v));
  }

  static double round1(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
