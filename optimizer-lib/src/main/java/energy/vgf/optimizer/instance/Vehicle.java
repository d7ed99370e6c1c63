package energy.vgf.optimizer.instance;

/**
 * A vehicle of the fleet as seen at the start of the horizon.
 *
 * @param arrival    the interval it plugs in (may be negative: already plugged in)
 * @param departure  the first interval it is gone (may be beyond the horizon)
 * @param minKwh     the floor below which V2G must not discharge it
 * @param efficiency one-way efficiency: charging p kW for an interval of h hours adds p*h*efficiency kWh,
 *                   discharging d kW removes d*h/efficiency kWh
 * @param chargerId  the charger it is plugged into, or null when the optimizer may choose one
 * @param taperStartSocPct the state of charge above which the battery's charging power falls linearly to zero
 *                   at 100 % (constant-current / constant-voltage charging); 100 when it does not taper
 */
public record Vehicle(String id, int arrival, int departure, double energyKwh, double requiredKwh,
                      double capacityKwh, double minKwh, double maxChargeKw, double maxDischargeKw,
                      double efficiency, String chargerId, double taperStartSocPct) {

  /** A vehicle whose charging power does not taper (the original format). */
  public Vehicle(String id, int arrival, int departure, double energyKwh, double requiredKwh, double capacityKwh,
                 double minKwh, double maxChargeKw, double maxDischargeKw, double efficiency, String chargerId) {
    this(id, arrival, departure, energyKwh, requiredKwh, capacityKwh, minKwh, maxChargeKw, maxDischargeKw,
        efficiency, chargerId, 100.0);
  }

  public boolean tapers() {
    return taperStartSocPct < 100.0;
  }

  /** The floor of the energy while plugged in: a vehicle that arrives below its floor may stay there. */
  public double floorKwh() {
    return Math.min(minKwh, energyKwh);
  }

  public Vehicle withChargerId(String newChargerId) {
    return new Vehicle(id, arrival, departure, energyKwh, requiredKwh, capacityKwh, minKwh, maxChargeKw,
        maxDischargeKw, efficiency, newChargerId, taperStartSocPct);
  }

  public Vehicle withTaperStartSocPct(double socPct) {
    return new Vehicle(id, arrival, departure, energyKwh, requiredKwh, capacityKwh, minKwh, maxChargeKw,
        maxDischargeKw, efficiency, chargerId, socPct);
  }
}
