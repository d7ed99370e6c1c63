package energy.vgf.flink.dispatch;

import energy.vgf.flink.config.FleetRegistry;
import energy.vgf.flink.config.FleetRegistry.ChargerSpec;
import energy.vgf.flink.config.FleetRegistry.SiteSpec;
import energy.vgf.flink.config.JobConfig;
import energy.vgf.flink.vehicle.VehicleSnapshot;
import energy.vgf.grid.ConstraintKind;
import energy.vgf.grid.GridConstraint;
import energy.vgf.market.MarketPrice;
import energy.vgf.market.MarketType;
import energy.vgf.optimizer.instance.Charger;
import energy.vgf.optimizer.instance.Instance;
import energy.vgf.optimizer.instance.Prices;
import energy.vgf.optimizer.instance.Site;
import energy.vgf.optimizer.instance.Vehicle;
import energy.vgf.weather.WeatherForecast;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the optimizer's {@link Instance} for one site from the dispatch operator's state: the plugged-in
 * vehicles (keyed state), prices and weather (broadcast), the grid limits and demand-response events in
 * force (broadcast), and the chargers that are being planned around after a rejected setpoint. Each
 * vehicle's charging taper ({@code fleet.vehicle.<id>.taper.start.soc.pct}) goes to the optimizer, which plans
 * the part above it at the power the battery can take there.
 */
public final class InstanceBuilder implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The instance plus which charger each planned vehicle is on, and what had to be left out and why. */
  public record Built(Instance instance, Map<String, String> chargerByVehicle, List<String> excluded) {
  }

  private final FleetRegistry fleet;
  private final int intervalMinutes;
  private final int horizon;
  private final double defaultRequiredSocPct;
  private final long departureMarginMs;
  private final double coldBelowC;
  private final double coldFactor;

  public InstanceBuilder(JobConfig config) {
    this.fleet = config.fleet();
    this.intervalMinutes = config.dispatchIntervalMinutes();
    this.horizon = config.dispatchHorizonIntervals();
    this.defaultRequiredSocPct = config.defaultRequiredSocPct();
    this.departureMarginMs = config.departureMarginMinutes() * 60_000L;
    this.coldBelowC = config.coldDerateBelowC();
    this.coldFactor = config.coldDerateFactor();
  }

  public Built build(String siteId, long startMs, Iterable<VehicleSnapshot> vehicles, Iterable<MarketPrice> prices,
                     Iterable<WeatherForecast> weather, Iterable<GridConstraint> grid, Set<String> heldChargers) {
    SiteSpec site = fleet.site(siteId);
    long intervalMs = intervalMinutes * 60_000L;
    List<String> excluded = new ArrayList<>();

    // One vehicle per charger: with stale state two may claim one; the most recent observation wins.
    Map<String, VehicleSnapshot> byCharger = new LinkedHashMap<>();
    for (VehicleSnapshot v : vehicles) {
      if (!v.present || !v.pluggedIn || v.chargerId == null) {
        continue;
      }
      VehicleSnapshot other = byCharger.get(v.chargerId);
      if (other == null || other.tsMs < v.tsMs) {
        if (other != null) {
          excluded.add(other.vehicleId + ": charger " + v.chargerId + " now reports " + v.vehicleId);
        }
        byCharger.put(v.chargerId, v);
      } else {
        excluded.add(v.vehicleId + ": charger " + v.chargerId + " now reports " + other.vehicleId);
      }
    }

    double[] importLimit = new double[horizon];
    double[] baseLoad = new double[horizon];
    Arrays.fill(importLimit, site.importLimitKw());
    for (int t = 0; t < horizon; t++) {
      baseLoad[t] = site.baseLoadKwAt(startMs + t * intervalMs);
    }
    double exportLimit = site.exportLimitKw();
    for (GridConstraint g : grid) {
      if (!applies(g, siteId, site)) {
        continue;
      }
      for (int t = 0; t < horizon; t++) {
        long from = startMs + t * intervalMs;
        if (g.getValidFrom().toEpochMilli() < from + intervalMs && g.getValidTo().toEpochMilli() > from) {
          if (g.getImportLimitKw() != null) {
            importLimit[t] = Math.min(importLimit[t], g.getImportLimitKw());
          } else if (g.getKind() == ConstraintKind.DEMAND_RESPONSE_EVENT && g.getTargetReductionKw() != null) {
            // DR without an explicit limit: reduce the site's cap by the requested amount.
            importLimit[t] = Math.min(importLimit[t], site.importLimitKw() - g.getTargetReductionKw());
          }
        }
      }
      if (g.getExportLimitKw() != null && g.getValidTo().toEpochMilli() > startMs
          && g.getValidFrom().toEpochMilli() < startMs + horizon * intervalMs) {
        exportLimit = Math.min(exportLimit, g.getExportLimitKw());
      }
    }

    List<Charger> chargers = new ArrayList<>();
    List<Vehicle> planned = new ArrayList<>();
    Map<String, String> chargerByVehicle = new HashMap<>();
    double heldKw = 0;
    boolean cold = coldAt(site, startMs, weather);
    for (VehicleSnapshot v : byCharger.values()) {
      ChargerSpec cs = fleet.charger(v.chargerId);
      if (heldChargers.contains(v.chargerId)) {
        // It rejected our setpoint: it runs its own default profile, which may draw its full power.
        heldKw += cs.maxKw();
        excluded.add(v.vehicleId + ": charger " + v.chargerId + " rejected or timed out on a setpoint; planned around");
        continue;
      }
      double capacity = v.capacityKwh;
      double energy = clamp(v.energyKwh, 0, capacity);
      int departure;
      double required;
      if (v.departureMs != null && v.departureMs > startMs && v.requiredSocPct != null) {
        // Ready a margin before the departure (never before the first interval: then it is simply urgent).
        long readyMs = v.departureMs - departureMarginMs;
        departure = (int) Math.max(1, -Math.floorDiv(startMs - readyMs, intervalMs));
        required = clamp(v.requiredSocPct / 100.0 * capacity, 0, capacity);
      } else {
        departure = horizon + 1; // no requirement known: plan for the default SoC by the end of the horizon
        required = clamp(defaultRequiredSocPct / 100.0 * capacity, 0, capacity);
      }
      double maxCharge = v.maxChargeKw * (cold ? coldFactor : 1.0);
      chargers.add(new Charger(v.chargerId, cs.maxKw(), cs.minKw(), cs.bidirectional(), 0));
      planned.add(new Vehicle(v.vehicleId, 0, departure, energy, required, capacity,
          clamp(v.minSocPct / 100.0 * capacity, 0, capacity), maxCharge, v.maxDischargeKw, v.efficiency, v.chargerId,
          fleet.vehicle(v.vehicleId).taperStartSocPct()));
      chargerByVehicle.put(v.vehicleId, v.chargerId);
    }
    for (int t = 0; t < horizon; t++) {
      // The optimizer requires the base load alone to respect the limit; a DR event below it cannot be met by EVs.
      importLimit[t] = Math.max(baseLoad[t], importLimit[t] - heldKw);
    }

    double[] importPrice = new double[horizon];
    double[] exportPrice = new double[horizon];
    fillPrices(site, startMs, intervalMs, prices, importPrice, exportPrice);
    Instance instance = new Instance(intervalMinutes, horizon, Instant.ofEpochMilli(startMs),
        new Site(importLimit, exportLimit, baseLoad, site.demandChargePerKw(), 0.0),
        new Prices(importPrice, exportPrice), 0.0, chargers, planned);
    return new Built(instance, chargerByVehicle, excluded);
  }

  private static boolean applies(GridConstraint g, String siteId, SiteSpec site) {
    if (g.getSiteIds().contains(siteId) || g.getScopeId().equals(siteId)) {
      return true;
    }
    // A feeder or transformer limit caps every site on it (conservative: the whole limit is the site's cap).
    return site.feederId() != null && g.getScopeId().equals(site.feederId());
  }

  /** Real-time price when one covers the interval, else day-ahead, else the site's tariff; $/MWh to $/kWh. */
  private static void fillPrices(SiteSpec site, long startMs, long intervalMs, Iterable<MarketPrice> prices,
                                 double[] importPrice, double[] exportPrice) {
    for (int t = 0; t < importPrice.length; t++) {
      long at = startMs + t * intervalMs;
      Double rt = null;
      Double da = null;
      if (site.priceNode() != null) {
        for (MarketPrice p : prices) {
          if (!site.priceNode().equals(p.getIso().name() + ":" + p.getNode())) {
            continue;
          }
          if (p.getIntervalStart().toEpochMilli() <= at && p.getIntervalEnd().toEpochMilli() > at) {
            if (p.getMarket() == MarketType.REAL_TIME) {
              rt = p.getLmpPerMwh();
            } else {
              da = p.getLmpPerMwh();
            }
          }
        }
      }
      Double lmp = rt != null ? rt : da;
      importPrice[t] = lmp != null ? lmp / 1000.0 : site.importPricePerKwh();
      // Export is never worth more than import (the optimizer's convexity condition).
      exportPrice[t] = Math.min(importPrice[t], lmp != null ? lmp / 1000.0 : site.exportPricePerKwh());
    }
  }

  private boolean coldAt(SiteSpec site, long startMs, Iterable<WeatherForecast> weather) {
    WeatherForecast best = null;
    for (WeatherForecast w : weather) {
      long validAt = w.getValidAt().toEpochMilli();
      if (w.getLocationId().equals(site.weatherLocation()) && validAt <= startMs && validAt + 3_600_000L > startMs
          && (best == null || w.getIssuedAt().isAfter(best.getIssuedAt()))) {
        best = w;
      }
    }
    return best != null && best.getTemperatureC() < coldBelowC;
  }

  private static double clamp(double v, double lo, double hi) {
    return Math.max(lo, Math.min(hi, v));
  }
}
