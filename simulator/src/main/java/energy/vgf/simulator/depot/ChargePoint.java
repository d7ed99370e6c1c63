package energy.vgf.simulator.depot;

/**
 * A charger that applies power to the vehicle plugged into it. The depot twin plugs a vehicle in on
 * arrival and out on departure, and each simulation step asks the charger what power it applies;
 * the vehicle's SoC follows that power. The in-process {@link UncontrolledChargePoint} is the
 * uncontrolled baseline; an OCPP-backed implementation (a charge-point-sim client connected to the
 * bridge) applies whatever the bridge's charging profile allows.
 */
public interface ChargePoint {

  String chargerId();

  double maxPowerKw();

  boolean bidirectional();

  /** Grid-to-battery efficiency (the meter sees grid energy, the battery gets energy x efficiency). */
  double efficiency();

  /** A vehicle is connected at {@code epochS} (OCPP: cable plugged, transaction starts). */
  void plugIn(long epochS, PluggedVehicle vehicle);

  /**
   * The vehicle leaves at {@code epochS} (OCPP: transaction stops, cable unplugged).
   *
   * @return grid-side energy, kWh, that the charger delivered after the last {@link #powerKw} step and
   *     before the unplug (an OCPP charger meters on its own clock, so some energy may not have been
   *     stepped yet); the depot settles it on the vehicle and the site meter. Zero for in-process chargers.
   */
  double plugOut(long epochS);

  /**
   * Power applied over [epochS, epochS + stepS), kW at the grid side: positive charges the vehicle,
   * negative discharges it (only when {@link #bidirectional()}). Zero when nothing is plugged in.
   */
  double powerKw(long epochS, int stepS);
}
