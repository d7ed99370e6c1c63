package energy.vgf.optimizer.instance;

/**
 * The depot's grid connection. Arrays have one value per interval of the horizon.
 *
 * @param importLimitKw     transformer or feeder limit on the net load, per interval
 * @param exportLimitKw     the most the site may export (a positive number)
 * @param baseLoadKw        non-EV load per interval
 * @param existingPeakKw    the peak already reached in this billing period: the demand charge applies to
 *                          max(existing peak, peak of the plan)
 */
public record Site(double[] importLimitKw, double exportLimitKw, double[] baseLoadKw, double demandChargePerKw,
                   double existingPeakKw) {

  public Site {
    importLimitKw = importLimitKw.clone();
    baseLoadKw = baseLoadKw.clone();
  }

  /** A copy: the record stays immutable. Use {@link #importLimitKw(int)} in loops. */
  @Override
  public double[] importLimitKw() {
    return importLimitKw.clone();
  }

  @Override
  public double[] baseLoadKw() {
    return baseLoadKw.clone();
  }

  public double importLimitKw(int interval) {
    return importLimitKw[interval];
  }

  public double baseLoadKw(int interval) {
    return baseLoadKw[interval];
  }
}
