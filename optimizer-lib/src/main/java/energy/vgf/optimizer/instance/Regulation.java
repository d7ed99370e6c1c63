package energy.vgf.optimizer.instance;

/**
 * Regulation capacity prices per interval: the site is paid {@code upPricePerKw[t]} per kW of up-regulation
 * headroom it keeps in interval t (ability to reduce its net load: charge less or discharge more) and
 * {@code downPricePerKw[t]} per kW of down-regulation headroom (ability to increase it). A price is per kW
 * reserved for the whole interval, not per hour. The model that keeps a reservation safe is in
 * {@code energy.vgf.optimizer.plan.RegulationModel}.
 */
public record Regulation(double[] upPricePerKw, double[] downPricePerKw) {

  public Regulation {
    upPricePerKw = upPricePerKw.clone();
    downPricePerKw = downPricePerKw.clone();
  }

  @Override
  public double[] upPricePerKw() {
    return upPricePerKw.clone();
  }

  @Override
  public double[] downPricePerKw() {
    return downPricePerKw.clone();
  }

  public double upPricePerKw(int interval) {
    return upPricePerKw[interval];
  }

  public double downPricePerKw(int interval) {
    return downPricePerKw[interval];
  }
}
