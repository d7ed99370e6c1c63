package energy.vgf.simulator.fleet;

import java.util.List;

/**
 * A vehicle's energy account over a run, battery side unless stated. The balance holds exactly up
 * to floating point: final - initial = charged - discharged - driven + shortfall.
 *
 * @param gridKwh energy through the charger at the grid side (what the site meter sees)
 * @param shortfallKwh energy a trip needed beyond an empty battery (zero when routes fit the battery)
 * @param cappedBlocks planned blocks shortened to fit the usable battery energy
 * @param trips the trips completed
 */
public record VehicleLedger(String vehicleId, String fleetId, String archetype, String depotId, double capacityKwh,
    double initialSocKwh, double finalSocKwh, double chargedKwh, double dischargedKwh, double drivenKwh,
    double gridKwh, double shortfallKwh, int cappedBlocks, List<Trip> trips) {

  /** Charged minus discharged minus driven plus shortfall, minus the SoC change: zero when energy balances. */
  public double imbalanceKwh() {
    return (finalSocKwh - initialSocKwh) - (chargedKwh - dischargedKwh - drivenKwh + shortfallKwh);
  }
}
