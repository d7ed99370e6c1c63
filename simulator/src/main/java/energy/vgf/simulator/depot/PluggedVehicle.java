package energy.vgf.simulator.depot;

/** What a charger sees of the vehicle plugged into it (the vehicle side of the depot twin). */
public interface PluggedVehicle {

  String vehicleId();

  double capacityKwh();

  double socPct();

  /**
   * Power the vehicle accepts now at the battery, kW: its on-board limit, tapered above 80 % SoC
   * (constant-voltage phase), zero when full.
   */
  double acceptKw();

  /**
   * The battery's charge curve: {@code maxChargeKw} at the battery up to 80 % SoC (constant current), then the
   * constant-voltage taper linearly to zero at 100 %.
   */
  static double taperedKw(double maxChargeKw, double socPct) {
    double taper = socPct <= 80 ? 1 : Math.max(0, (100 - socPct) / 20);
    return maxChargeKw * taper;
  }

  /**
   * Power the vehicle accepts below the taper, kW at the battery: what a charger is told the vehicle
   * can take (the OCPP twin's simulated EV). Defaults to the current {@link #acceptKw()}.
   */
  default double maxChargeKw() {
    return acceptKw();
  }

  /** Next departure, epoch seconds (Long.MAX_VALUE if none is planned). */
  long nextDepartureEpochS();

  /** State of charge the fleet requires at that departure. */
  double requiredSocPct();

  /**
   * The charger applied {@code gridKw} over the last {@code stepS} seconds; the battery gains
   * gridKw x efficiency (or loses |gridKw| / efficiency when discharging).
   */
  void applyPower(double gridKw, double efficiency, int stepS);

  /**
   * Energy the charger delivered that no step applied yet, settled when the cable comes out
   * ({@link ChargePoint#plugOut}): the battery gains gridKwh x efficiency and the vehicle is no longer
   * charging.
   */
  default void settleEnergy(double gridKwh, double efficiency) {
    if (gridKwh != 0) {
      applyPower(gridKwh * 3600, efficiency, 1);
    }
  }
}
