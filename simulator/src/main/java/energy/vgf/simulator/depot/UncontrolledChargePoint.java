package energy.vgf.simulator.depot;

import energy.vgf.simulator.scenario.ChargerSpec;

/**
 * The uncontrolled baseline: charges at full power from plug-in until the battery is full, limited
 * only by what the vehicle accepts. Never discharges.
 */
public final class UncontrolledChargePoint implements ChargePoint {

  private final String chargerId;
  private final ChargerSpec spec;
  private PluggedVehicle vehicle;

  public UncontrolledChargePoint(String chargerId, ChargerSpec spec) {
    this.chargerId = chargerId;
    this.spec = spec;
  }

  @Override
  public String chargerId() {
    return chargerId;
  }

  @Override
  public double maxPowerKw() {
    return spec.powerKw();
  }

  @Override
  public boolean bidirectional() {
    return spec.bidirectional();
  }

  @Override
  public double efficiency() {
    return spec.efficiency();
  }

  @Override
  public void plugIn(long epochS, PluggedVehicle v) {
    if (vehicle != null) {
      throw new IllegalStateException("charger " + chargerId + " already serves " + vehicle.vehicleId()
          + "; cannot plug in " + v.vehicleId());
    }
    vehicle = v;
  }

  @Override
  public double plugOut(long epochS) {
    vehicle = null;
    return 0;
  }

  @Override
  public double powerKw(long epochS, int stepS) {
    if (vehicle == null) {
      return 0;
    }
    double roomKwh = vehicle.capacityKwh() * (100 - vehicle.socPct()) / 100;
    return fullPowerKw(spec.powerKw(), spec.efficiency(), vehicle.acceptKw(), roomKwh, stepS);
  }

  /**
   * Full power over one step, grid side: the charger's rating, or what the battery accepts and has room for in
   * {@code stepS}, whichever is less; never negative. Also the counterfactual of a plug-in ({@link PlugIn}).
   */
  static double fullPowerKw(double chargerKw, double efficiency, double acceptKw, double roomKwh, int stepS) {
    double batteryKw = Math.min(acceptKw, roomKwh * 3600 / stepS);
    return Math.max(0, Math.min(chargerKw, batteryKw / efficiency));
  }
}
