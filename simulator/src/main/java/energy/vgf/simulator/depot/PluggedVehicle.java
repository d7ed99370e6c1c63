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

  /** Next departure, epoch seconds (Long.MAX_VALUE if none is planned). */
  long nextDepartureEpochS();

  /** State of charge the fleet requires at that departure. */
  double requiredSocPct();

  /**
   * The charger applied {@code gridKw} over the last {@code stepS} seconds; the battery gains
   * gridKw x efficiency (or loses |gridKw| / efficiency when discharging).
   */
  void applyPower(double gridKw, double efficiency, int stepS);
}
