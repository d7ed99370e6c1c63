package energy.vgf.optimizer.instance;

/**
 * A demand-response event: in each interval of [startInterval, endInterval) the site is paid
 * {@code paymentPerKwh} for every kWh its net load stays below the baseline, and nothing is charged above it
 * (a peak-time rebate: reward = payment * h * max(0, baseline - net load)).
 *
 * @param startInterval first interval of the event
 * @param endInterval   first interval after the event
 * @param baselineKw    the baseline per interval of the event (length endInterval - startInterval)
 */
public record DemandResponseEvent(int startInterval, int endInterval, double[] baselineKw,
    double paymentPerKwh) {

  public DemandResponseEvent {
    baselineKw = baselineKw.clone();
  }

  @Override
  public double[] baselineKw() {
    return baselineKw.clone();
  }

  public boolean covers(int interval) {
    return interval >= startInterval && interval < endInterval;
  }

  public double baselineKw(int interval) {
    return baselineKw[interval - startInterval];
  }
}
