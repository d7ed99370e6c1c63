package energy.vgf.optimizer.instance;

/** Energy prices per interval in $/kWh; either may be negative, export never above import. */
public record Prices(double[] importPerKwh, double[] exportPerKwh) {

  public Prices {
    importPerKwh = importPerKwh.clone();
    exportPerKwh = exportPerKwh.clone();
  }

  @Override
  public double[] importPerKwh() {
    return importPerKwh.clone();
  }

  @Override
  public double[] exportPerKwh() {
    return exportPerKwh.clone();
  }

  public double importPerKwh(int interval) {
    return importPerKwh[interval];
  }

  public double exportPerKwh(int interval) {
    return exportPerKwh[interval];
  }
}
