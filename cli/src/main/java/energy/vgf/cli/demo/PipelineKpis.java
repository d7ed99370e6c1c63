package energy.vgf.cli.demo;

import energy.vgf.fleet.FleetConstraint;
import energy.vgf.grid.ConstraintKind;
import energy.vgf.grid.GridConstraint;
import energy.vgf.market.MarketPrice;
import energy.vgf.market.MarketType;
import energy.vgf.metering.SiteMeterReading;
import energy.vgf.telemetry.VehicleTelemetry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The demo's KPIs from what a run actually published: the site meters (interval import/export), the vehicles'
 * telemetry (SoC at each departure) and the fleet constraints (required SoC), the managed run against the
 * uncontrolled baseline of the same scenario and seed.
 */
final class PipelineKpis {

  /** SoC below the requirement that still counts as met: the telemetry's 0.1 % resolution plus one charger tick. */
  static final double SOC_TOLERANCE_PCT = 0.5;
  /** An interval over its limit by less than this is metering noise (the base load's noise), not a violation. */
  static final double LIMIT_TOLERANCE_PCT = 1.0;
  /** A typical commercial EV tariff's non-coincident demand charge, USD per kW-month (SCE TOU-EV-8 order). */
  static final double DEMAND_CHARGE_USD_PER_KW = 20.0;

  record Departure(String vehicleId, Instant departure, double requiredSocPct, Double socAtDeparturePct) {
    boolean met() {
      return socAtDeparturePct != null && socAtDeparturePct >= requiredSocPct - SOC_TOLERANCE_PCT;
    }
  }

  record Totals(double peakKw, Map<String, Double> sitePeakKw, NavigableMap<Instant, Double> portfolioKw,
      int violations, List<String> violationIntervals, double energyCostUsd, double exportRevenueUsd, double importKwh) {}

  private PipelineKpis() {}

  /** Each departure in [from, to) with the SoC of the vehicle's last telemetry before it. */
  static List<Departure> departures(RecordCapture run, Instant from, Instant to) {
    Map<String, FleetConstraint> latest = new LinkedHashMap<>();
    for (FleetConstraint c : run.constraints) {
      if (c.getVehicleId() != null) {
        latest.put(c.getConstraintId(), c);
      }
    }
    Map<String, NavigableMap<Instant, Double>> soc = new HashMap<>();
    for (VehicleTelemetry t : run.telemetry) {
      if (t.getSocPct() != null) {
        soc.computeIfAbsent(t.getVehicleId(), v -> new TreeMap<>()).put(t.getTs(), t.getSocPct());
      }
    }
    List<Departure> out = new ArrayList<>();
    for (FleetConstraint c : latest.values()) {
      Instant d = c.getDepartureTime();
      if (d.isBefore(from) || !d.isBefore(to)) {
        continue;
      }
      var readings = soc.getOrDefault(c.getVehicleId(), new TreeMap<>());
      var last = readings.floorEntry(d);
      // A reading more than 30 simulated minutes old says nothing about the departure.
      Double pct = last == null || last.getKey().isBefore(d.minus(Duration.ofMinutes(30))) ? null : last.getValue();
      out.add(new Departure(c.getVehicleId(), d, c.getRequiredSocPct(), pct));
    }
    out.sort(Comparator.comparing(Departure::departure).thenComparing(Departure::vehicleId));
    return out;
  }

  static Totals totals(RecordCapture run, Map<String, Double> siteLimitKw, Instant from, Instant to) {
    NavigableMap<Instant, Double> rt = prices(run, MarketType.REAL_TIME);
    NavigableMap<Instant, Double> da = prices(run, MarketType.DAY_AHEAD);
    NavigableMap<Instant, Double> portfolio = new TreeMap<>();
    Map<String, Double> sitePeak = new TreeMap<>();
    int violations = 0;
    List<String> violationIntervals = new ArrayList<>();
    double cost = 0;
    double revenue = 0;
    double importKwh = 0;
    for (SiteMeterReading r : run.meter) {
      if (r.getIntervalStart().isBefore(from) || !r.getIntervalEnd().isAfter(from) || r.getIntervalStart().isAfter(to)) {
        continue;
      }
      double hours = Duration.between(r.getIntervalStart(), r.getIntervalEnd()).toMillis() / 3_600_000.0;
      double kw = (r.getEnergyImportKwh() - r.getEnergyExportKwh()) / hours;
      portfolio.merge(r.getIntervalStart(), kw, Double::sum);
      sitePeak.merge(r.getSiteId(), kw, Math::max);
      Double limit = siteLimitKw.get(r.getSiteId());
      if (limit != null && kw > limit * (1 + LIMIT_TOLERANCE_PCT / 100)) {
        violations++;
        violationIntervals.add(String.format(java.util.Locale.ROOT, "%s %s: %.1f kW > %.1f kW", r.getSiteId(),
            r.getIntervalStart(), kw, limit));
      }
      double pricePerMwh = price(rt, da, r.getIntervalStart());
      cost += r.getEnergyImportKwh() * pricePerMwh / 1000;
      revenue += r.getEnergyExportKwh() * pricePerMwh / 1000;
      importKwh += r.getEnergyImportKwh();
    }
    double peak = portfolio.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
    return new Totals(peak, sitePeak, portfolio, violations, violationIntervals, cost, revenue, importKwh);
  }

  /** Load below the uncontrolled baseline during the DR events in [from, to), kWh; null when none falls in it. */
  static Double drPerformanceKwh(RecordCapture managed, RecordCapture uncontrolled, Instant from, Instant to) {
    List<GridConstraint> events = managed.grid.stream()
        .filter(g -> g.getKind() == ConstraintKind.DEMAND_RESPONSE_EVENT)
        .filter(g -> g.getValidFrom().isBefore(to) && g.getValidTo().isAfter(from)).toList();
    if (events.isEmpty()) {
      return null;
    }
    Map<String, Double> base = importBySiteInterval(uncontrolled);
    Map<String, Double> got = importBySiteInterval(managed);
    double kwh = 0;
    for (GridConstraint e : events) {
      for (SiteMeterReading r : managed.meter) {
        boolean inSite = e.getSiteIds().isEmpty() || e.getSiteIds().contains(r.getSiteId());
        boolean inTime = !r.getIntervalStart().isBefore(e.getValidFrom()) && r.getIntervalEnd().compareTo(e.getValidTo()) <= 0;
        String k = r.getSiteId() + "@" + r.getIntervalStart();
        if (inSite && inTime && base.containsKey(k)) {
          kwh += base.get(k) - got.get(k);
        }
      }
    }
    return kwh;
  }

  private static Map<String, Double> importBySiteInterval(RecordCapture run) {
    Map<String, Double> m = new HashMap<>();
    run.meter.forEach(r -> m.put(r.getSiteId() + "@" + r.getIntervalStart(), r.getEnergyImportKwh()));
    return m;
  }

  private static NavigableMap<Instant, Double> prices(RecordCapture run, MarketType market) {
    NavigableMap<Instant, Double> m = new TreeMap<>();
    for (MarketPrice p : run.prices) {
      if (p.getMarket() == market) {
        m.put(p.getIntervalStart(), p.getLmpPerMwh());
      }
    }
    return m;
  }

  /** Real-time LMP in force at {@code t}, else day-ahead; 0 when the run published none yet. */
  private static double price(NavigableMap<Instant, Double> rt, NavigableMap<Instant, Double> da, Instant t) {
    var e = rt.floorEntry(t);
    if (e != null && Duration.between(e.getKey(), t).toMinutes() < 60) {
      return e.getValue();
    }
    var d = da.floorEntry(t);
    return d == null ? 0 : d.getValue();
  }
}
