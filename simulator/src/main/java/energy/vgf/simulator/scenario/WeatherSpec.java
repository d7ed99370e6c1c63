package energy.vgf.simulator.scenario;

/**
 * Climate of the scenario's region. Temperature = annual cycle (warmest in late July) + daily cycle
 * (warmest at 15:00 local) + AR(1) weather noise; cloud cover is an AR(1) process.
 */
public record WeatherSpec(double annualMeanC, double annualAmplitudeC, double diurnalAmplitudeC,
    double noiseSdC, double meanCloudCoverPct, int forecastIntervalH, int forecastHorizonH) {

  /** Roughly coastal Southern California (Los Angeles: ~14 degC in January, ~24 degC in August). */
  public static final WeatherSpec DEFAULT = new WeatherSpec(18.5, 5.5, 5, 1.5, 30, 6, 48);

  public WeatherSpec {
    if (forecastIntervalH < 1 || forecastHorizonH < 1) {
      throw new IllegalArgumentException("weather.forecast_interval_h and forecast_horizon_h must be >= 1");
    }
    if (meanCloudCoverPct < 0 || meanCloudCoverPct > 100) {
      throw new IllegalArgumentException("weather.mean_cloud_cover_pct must be in [0, 100], got " + meanCloudCoverPct);
    }
  }
}
