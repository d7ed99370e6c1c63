package energy.vgf.optimizer.instance;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One site over a horizon of {@code horizon} intervals of {@code intervalMinutes}, starting at {@code start}.
 * Interval {@code t} covers [start + t*interval, start + (t+1)*interval). Construction validates everything:
 * an {@code Instance} that exists can be optimised.
 */
public record Instance(int intervalMinutes, int horizon, Instant start, Site site, Prices prices,
                       double degradationCostPerKwh, List<Charger> chargers, List<Vehicle> vehicles,
                       List<DemandResponseEvent> demandResponse, Regulation regulation) {

  /**
   * @param demandResponse events, possibly empty (an extension of the format)
   * @param regulation     regulation capacity prices, or null when the site offers none
   */
  public Instance {
    chargers = List.copyOf(chargers);
    vehicles = List.copyOf(vehicles);
    demandResponse = List.copyOf(demandResponse);
    validate(intervalMinutes, horizon, start, site, prices, degradationCostPerKwh, chargers, vehicles);
    validateGridServices(horizon, demandResponse, regulation);
  }

  /** An instance without demand response or regulation (the original format). */
  public Instance(int intervalMinutes, int horizon, Instant start, Site site, Prices prices,
                  double degradationCostPerKwh, List<Charger> chargers, List<Vehicle> vehicles) {
    this(intervalMinutes, horizon, start, site, prices, degradationCostPerKwh, chargers, vehicles, List.of(),
        null);
  }

  /** The demand-response payment in $/kWh below the baseline in an interval, 0 outside every event. */
  public double drPaymentPerKwh(int interval) {
    for (DemandResponseEvent e : demandResponse) {
      if (e.covers(interval)) {
        return e.paymentPerKwh();
      }
    }
    return 0.0;
  }

  /** The demand-response baseline of an interval; only meaningful where {@link #drPaymentPerKwh} is set. */
  public double drBaselineKw(int interval) {
    for (DemandResponseEvent e : demandResponse) {
      if (e.covers(interval)) {
        return e.baselineKw(interval);
      }
    }
    return Double.POSITIVE_INFINITY;
  }

  public boolean hasDemandResponse() {
    return demandResponse.stream().anyMatch(e -> e.paymentPerKwh() > 0);
  }

  public boolean hasRegulation() {
    if (regulation == null) {
      return false;
    }
    for (int t = 0; t < horizon; t++) {
      if (regulation.upPricePerKw(t) > 0 || regulation.downPricePerKw(t) > 0) {
        return true;
      }
    }
    return false;
  }

  /** Length of one interval in hours: converts kW to kWh. */
  public double hours() {
    return intervalMinutes / 60.0;
  }

  public Charger charger(String id) {
    for (Charger c : chargers) {
      if (c.id().equals(id)) {
        return c;
      }
    }
    return null;
  }

  /** First interval of the horizon in which the vehicle is plugged in. */
  public int firstInterval(Vehicle v) {
    return Math.max(0, v.arrival());
  }

  /** One past the last interval of the horizon in which the vehicle is plugged in. */
  public int endInterval(Vehicle v) {
    return Math.min(horizon, v.departure());
  }

  /** The most it can charge at the grid side: the smaller of the vehicle and its charger (if assigned). */
  public double maxChargeKw(Vehicle v) {
    Charger c = v.chargerId() == null ? null : charger(v.chargerId());
    return c == null ? v.maxChargeKw() : Math.min(v.maxChargeKw(), c.maxKw());
  }

  /** The most it can discharge: zero on a unidirectional charger. */
  public double maxDischargeKw(Vehicle v) {
    Charger c = v.chargerId() == null ? null : charger(v.chargerId());
    if (c == null) {
      return v.maxDischargeKw();
    }
    return c.bidirectional() ? Math.min(v.maxDischargeKw(), c.maxKw()) : 0.0;
  }

  /** True when vehicles must share chargers and the optimizer has to assign them. */
  public boolean needsChargerAssignment() {
    return !chargers.isEmpty() && vehicles.stream().anyMatch(v -> v.chargerId() == null);
  }

  public Instance withVehicles(List<Vehicle> newVehicles) {
    return new Instance(intervalMinutes, horizon, start, site, prices, degradationCostPerKwh, chargers,
        newVehicles, demandResponse, regulation);
  }

  public Instance withSite(Site newSite) {
    return new Instance(intervalMinutes, horizon, start, newSite, prices, degradationCostPerKwh, chargers,
        vehicles, demandResponse, regulation);
  }

  public Instance withChargers(List<Charger> newChargers) {
    return new Instance(intervalMinutes, horizon, start, site, prices, degradationCostPerKwh, newChargers,
        vehicles, demandResponse, regulation);
  }

  public Instance withGridServices(List<DemandResponseEvent> events, Regulation newRegulation) {
    return new Instance(intervalMinutes, horizon, start, site, prices, degradationCostPerKwh, chargers,
        vehicles, events, newRegulation);
  }

  private static void validateGridServices(int horizon, List<DemandResponseEvent> events, Regulation regulation) {
    for (int i = 0; i < events.size(); i++) {
      DemandResponseEvent e = events.get(i);
      String at = "demand_response[" + i + "]";
      if (e.startInterval() < 0 || e.startInterval() >= horizon) {
        throw new InvalidInstanceException(at + ".start", e.startInterval() + " must be within [0, horizon " + horizon + ")");
      }
      if (e.endInterval() <= e.startInterval() || e.endInterval() > horizon) {
        throw new InvalidInstanceException(at + ".end", e.endInterval() + " must be within (start " + e.startInterval()
            + ", horizon " + horizon + "]");
      }
      if (e.baselineKw().length != e.endInterval() - e.startInterval()) {
        throw new InvalidInstanceException(at + ".baseline_kw", "has length " + e.baselineKw().length
            + ", expected end - start = " + (e.endInterval() - e.startInterval()));
      }
      for (int k = 0; k < e.baselineKw().length; k++) {
        requireFinite(at + ".baseline_kw[" + k + "]", e.baselineKw()[k]);
      }
      requireNonNegative(at + ".payment_per_kwh", e.paymentPerKwh());
      for (int j = 0; j < i; j++) {
        DemandResponseEvent o = events.get(j);
        if (e.startInterval() < o.endInterval() && o.startInterval() < e.endInterval()) {
          throw new InvalidInstanceException(at + ".start", "overlaps demand_response[" + j + "]");
        }
      }
    }
    if (regulation != null) {
      requireLength("regulation.up_price_per_kw", regulation.upPricePerKw().length, horizon);
      requireLength("regulation.down_price_per_kw", regulation.downPricePerKw().length, horizon);
      for (int t = 0; t < horizon; t++) {
        // A negative capacity price would pay for removing flexibility: not a regulation market.
        requireNonNegative("regulation.up_price_per_kw[" + t + "]", regulation.upPricePerKw(t));
        requireNonNegative("regulation.down_price_per_kw[" + t + "]", regulation.downPricePerKw(t));
      }
    }
  }

  private static void validate(int intervalMinutes, int horizon, Instant start, Site site, Prices prices,
                               double degradation, List<Charger> chargers, List<Vehicle> vehicles) {
    if (intervalMinutes <= 0) {
      throw new InvalidInstanceException("interval_minutes", intervalMinutes + " must be positive");
    }
    if (horizon <= 0) {
      throw new InvalidInstanceException("horizon", horizon + " must be positive");
    }
    if (start == null) {
      throw new InvalidInstanceException("start", "is missing");
    }
    if (site == null) {
      throw new InvalidInstanceException("site", "is missing");
    }
    if (prices == null) {
      throw new InvalidInstanceException("prices", "is missing");
    }
    requireLength("site.import_limit_kw", site.importLimitKw().length, horizon);
    requireLength("site.base_load_kw", site.baseLoadKw().length, horizon);
    requireLength("prices.import_per_kwh", prices.importPerKwh().length, horizon);
    requireLength("prices.export_per_kwh", prices.exportPerKwh().length, horizon);
    requireNonNegative("site.export_limit_kw", site.exportLimitKw());
    requireNonNegative("site.demand_charge_per_kw", site.demandChargePerKw());
    requireNonNegative("site.existing_peak_kw", site.existingPeakKw());
    requireNonNegative("degradation_cost_per_kwh", degradation);
    for (int t = 0; t < horizon; t++) {
      double limit = site.importLimitKw(t);
      double base = site.baseLoadKw(t);
      requireNonNegative("site.import_limit_kw[" + t + "]", limit);
      requireFinite("site.base_load_kw[" + t + "]", base);
      // With every EV idle the site must already respect its limits: otherwise no plan can.
      if (base > limit) {
        throw new InvalidInstanceException("site.base_load_kw[" + t + "]",
            base + " exceeds import_limit_kw " + limit);
      }
      if (base < -site.exportLimitKw()) {
        throw new InvalidInstanceException("site.base_load_kw[" + t + "]",
            base + " exports more than export_limit_kw " + site.exportLimitKw());
      }
      double imp = prices.importPerKwh(t);
      double exp = prices.exportPerKwh(t);
      requireFinite("prices.import_per_kwh[" + t + "]", imp);
      requireFinite("prices.export_per_kwh[" + t + "]", exp);
      // The energy cost is convex in the net load only if selling never pays more than buying.
      if (exp > imp) {
        throw new InvalidInstanceException("prices.export_per_kwh[" + t + "]",
            exp + " is above import_per_kwh " + imp);
      }
    }
    Map<String, Charger> byId = new HashMap<>();
    for (int i = 0; i < chargers.size(); i++) {
      Charger c = chargers.get(i);
      String at = "chargers[" + i + "] (" + c.id() + ")";
      if (c.id() == null || c.id().isBlank()) {
        throw new InvalidInstanceException("chargers[" + i + "].id", "is missing");
      }
      if (byId.put(c.id(), c) != null) {
        throw new InvalidInstanceException(at + ".id", "is used twice");
      }
      if (!(c.maxKw() > 0) || !Double.isFinite(c.maxKw())) {
        throw new InvalidInstanceException(at + ".max_kw", c.maxKw() + " must be positive");
      }
      if (!(c.minKw() >= 0) || c.minKw() > c.maxKw()) {
        throw new InvalidInstanceException(at + ".min_kw", c.minKw() + " must be within [0, max_kw " + c.maxKw() + "]");
      }
      requireNonNegative(at + ".step_kw", c.stepKw());
    }
    Set<String> ids = new HashSet<>();
    Map<String, java.util.List<int[]>> chargerUse = new HashMap<>();
    for (int i = 0; i < vehicles.size(); i++) {
      Vehicle v = vehicles.get(i);
      if (v.id() == null || v.id().isBlank()) {
        throw new InvalidInstanceException("vehicles[" + i + "].id", "is missing");
      }
      String at = "vehicles[" + i + "] (" + v.id() + ")";
      if (!ids.add(v.id())) {
        throw new InvalidInstanceException(at + ".id", "is used twice");
      }
      if (v.departure() < v.arrival()) {
        throw new InvalidInstanceException(at + ".departure", v.departure() + " is before arrival " + v.arrival());
      }
      if (v.departure() == v.arrival()) {
        throw new InvalidInstanceException(at + ".departure", v.departure() + " equals arrival: the vehicle is never plugged in");
      }
      if (!(v.capacityKwh() > 0) || !Double.isFinite(v.capacityKwh())) {
        throw new InvalidInstanceException(at + ".capacity_kwh", v.capacityKwh() + " must be positive");
      }
      if (!(v.energyKwh() >= 0) || v.energyKwh() > v.capacityKwh()) {
        throw new InvalidInstanceException(at + ".energy_kwh", v.energyKwh() + " must be within [0, capacity_kwh " + v.capacityKwh() + "]");
      }
      if (!(v.requiredKwh() >= 0) || v.requiredKwh() > v.capacityKwh()) {
        throw new InvalidInstanceException(at + ".required_kwh", v.requiredKwh() + " must be within [0, capacity_kwh " + v.capacityKwh() + "]");
      }
      if (!(v.minKwh() >= 0) || v.minKwh() > v.capacityKwh()) {
        throw new InvalidInstanceException(at + ".min_kwh", v.minKwh() + " must be within [0, capacity_kwh " + v.capacityKwh() + "]");
      }
      requireNonNegative(at + ".max_charge_kw", v.maxChargeKw());
      requireNonNegative(at + ".max_discharge_kw", v.maxDischargeKw());
      if (!(v.efficiency() > 0) || v.efficiency() > 1) {
        throw new InvalidInstanceException(at + ".efficiency", v.efficiency() + " must be within (0, 1]");
      }
      if (!(v.taperStartSocPct() > 0) || v.taperStartSocPct() > 100) {
        throw new InvalidInstanceException(at + ".taper_start_soc_pct", v.taperStartSocPct()
            + " must be within (0, 100]: the state of charge above which charging power falls (100 = no taper)");
      }
      if (v.chargerId() != null) {
        if (!byId.containsKey(v.chargerId())) {
          throw new InvalidInstanceException(at + ".charger", "'" + v.chargerId() + "' is not a known charger");
        }
        // Two vehicles cannot be plugged into one charger at the same time.
        int from = Math.max(0, v.arrival());
        int to = Math.min(horizon, v.departure());
        java.util.List<int[]> uses = chargerUse.computeIfAbsent(v.chargerId(), k -> new java.util.ArrayList<>());
        for (int[] prev : uses) {
          if (from < prev[1] && prev[0] < to) {
            throw new InvalidInstanceException(at + ".charger", "'" + v.chargerId()
                + "' is already used by vehicles[" + prev[2] + "] (" + vehicles.get(prev[2]).id()
                + ") in interval " + Math.max(from, prev[0]));
          }
        }
        if (from < to) {
          uses.add(new int[] {from, to, i});
        }
      }
    }
  }

  private static void requireLength(String field, int length, int horizon) {
    if (length != horizon) {
      throw new InvalidInstanceException(field, "has length " + length + ", expected horizon " + horizon);
    }
  }

  private static void requireNonNegative(String field, double value) {
    if (!(value >= 0) || !Double.isFinite(value)) {
      throw new InvalidInstanceException(field, value + " must be a non-negative number");
    }
  }

  private static void requireFinite(String field, double value) {
    if (!Double.isFinite(value)) {
      throw new InvalidInstanceException(field, value + " must be a finite number");
    }
  }
}
