package energy.vgf.optimizer.generate;

import energy.vgf.optimizer.instance.DemandResponseEvent;
import energy.vgf.optimizer.instance.Instance;
import energy.vgf.optimizer.instance.Prices;
import energy.vgf.optimizer.instance.Regulation;
import energy.vgf.optimizer.instance.Site;
import energy.vgf.optimizer.instance.Vehicle;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Realistic depot instances: the horizon always spans one day from noon UTC (so the overnight dwell sits in
 * the middle), split into {@code horizon} intervals. The fleet mixes delivery vans (11-22 kW AC, 60-110 kWh,
 * home by 17-20h, out at 6-8h), school buses (60 kW DC, 150-250 kWh, mostly V2G, 16:30-6:45) and transit buses
 * (150 kW DC, 350-500 kWh, 21-23:30 to 4:30-6h). Prices follow a time-of-use day with a cheap, sometimes
 * negative, solar midday and an evening peak. About 2% of vehicles get a requirement that is physically
 * impossible (the dwell is too short), so the guarantee report is exercised.
 */
public final class InstanceGenerator {
  public static final Instant DEFAULT_START = Instant.parse("2025-01-15T12:00:00Z");

  private InstanceGenerator() {
  }

  /** Which grid services a generated instance carries (both off: the original format). */
  public record GridServices(boolean demandResponse, boolean regulation) {
    public static final GridServices NONE = new GridServices(false, false);
    public static final GridServices ALL = new GridServices(true, true);
  }

  public static Instance generate(int vehicles, int horizon, long seed) {
    return generate(vehicles, horizon, seed, GridServices.NONE);
  }

  /**
   * As {@link #generate(int, int, long)} (the same fleet, site and prices for the same seed), plus optionally
   * a demand-response event over the evening peak (17:00-20:00 local, $0.50-1.50/kWh below a baseline of the
   * base load plus 30% of the plugged-in charging power) and regulation capacity prices all day
   * ($10-30/MW-h for each direction, paid per kW reserved for an interval).
   */
  public static Instance generate(int vehicles, int horizon, long seed, GridServices services) {
    Instance in = generateFleet(vehicles, horizon, seed);
    if (!services.demandResponse() && !services.regulation()) {
      return in;
    }
    // A separate stream: the fleet, site and prices stay those of the plain instance.
    SplittableRandom rnd = new SplittableRandom(seed ^ 0x5DEECE66DL);
    double h = in.hours();
    List<DemandResponseEvent> events = new ArrayList<>();
    if (services.demandResponse()) {
      int from = (int) Math.round((17 - 12) / h);
      int to = Math.min(horizon, (int) Math.round((20 - 12) / h));
      if (from < to) {
        double[] baseline = new double[to - from];
        for (int t = from; t < to; t++) {
          double plugged = 0;
          for (Vehicle v : in.vehicles()) {
            if (t >= in.firstInterval(v) && t < in.endInterval(v)) {
              plugged += v.maxChargeKw();
            }
          }
          baseline[t - from] = round(in.site().baseLoadKw(t) + 0.3 * plugged);
        }
        events.add(new DemandResponseEvent(from, to, baseline, round(0.5 + rnd.nextDouble())));
      }
    }
    Regulation regulation = null;
    if (services.regulation()) {
      double[] upPrice = new double[horizon];
      double[] downPrice = new double[horizon];
      for (int t = 0; t < horizon; t++) {
        upPrice[t] = Math.rint((0.01 + 0.02 * rnd.nextDouble()) * h * 1e6) / 1e6;
        downPrice[t] = Math.rint((0.01 + 0.02 * rnd.nextDouble()) * h * 1e6) / 1e6;
      }
      regulation = new Regulation(upPrice, downPrice);
    }
    return in.withGridServices(events, regulation);
  }

  private static Instance generateFleet(int vehicles, int horizon, long seed) {
    if (vehicles < 0) {
      throw new IllegalArgumentException("vehicles " + vehicles + " must not be negative");
    }
    if (horizon <= 0 || 1440 % horizon != 0) {
      throw new IllegalArgumentException("horizon " + horizon + " must divide a day of 1440 minutes");
    }
    SplittableRandom rnd = new SplittableRandom(seed);
    int minutes = 1440 / horizon;
    double h = minutes / 60.0;
    List<Vehicle> fleet = new ArrayList<>();
    double sumChargeKw = 0;
    double sumNeedKwh = 0;
    for (int i = 0; i < vehicles; i++) {
      double kind = rnd.nextDouble();
      String id;
      double arriveHour;
      double departHour;
      double capacity;
      double chargeKw;
      boolean v2g;
      double e0Frac;
      double reqFrac;
      double minFrac;
      if (kind < 0.40) {
        id = "van-" + i;
        arriveHour = 17 + 3 * rnd.nextDouble();
        departHour = 24 + 6 + 2 * rnd.nextDouble();
        capacity = 60 + 50 * rnd.nextDouble();
        chargeKw = rnd.nextBoolean() ? 11 : 22;
        v2g = rnd.nextDouble() < 0.5;
        e0Frac = 0.2 + 0.3 * rnd.nextDouble();
        reqFrac = 0.8 + 0.15 * rnd.nextDouble();
        minFrac = 0.2;
      } else if (kind < 0.75) {
        id = "school-bus-" + i;
        arriveHour = 16.5 + rnd.nextDouble();
        departHour = 24 + 6 + 0.75 * rnd.nextDouble();
        capacity = 150 + 100 * rnd.nextDouble();
        chargeKw = 60;
        v2g = rnd.nextDouble() < 0.7;
        e0Frac = 0.3 + 0.3 * rnd.nextDouble();
        reqFrac = 0.85 + 0.15 * rnd.nextDouble();
        minFrac = 0.3;
      } else {
        id = "transit-bus-" + i;
        arriveHour = 21 + 2.5 * rnd.nextDouble();
        departHour = 24 + 4.5 + 1.5 * rnd.nextDouble();
        capacity = 350 + 150 * rnd.nextDouble();
        chargeKw = 150;
        v2g = false;
        e0Frac = 0.15 + 0.2 * rnd.nextDouble();
        reqFrac = 0.9;
        minFrac = 0.15;
      }
      int arrival = (int) Math.round((arriveHour - 12) * 60 / minutes);
      int departure = Math.max(arrival + 1, (int) Math.round((departHour - 12) * 60 / minutes));
      double efficiency = 0.92 + 0.03 * rnd.nextDouble();
      double energy = round(e0Frac * capacity);
      double required = reqFrac * capacity;
      double deliverable = (Math.min(departure, horizon) - arrival) * h * efficiency * chargeKw;
      if (rnd.nextDouble() >= 0.02) {
        // Keep the requirement reachable with margin; the remaining 2% stay as drawn and may be impossible.
        required = Math.min(required, energy + 0.85 * deliverable);
      }
      required = round(Math.max(0, Math.min(capacity, required)));
      capacity = round(capacity);
      fleet.add(new Vehicle(id, arrival, departure, energy, required, capacity, round(minFrac * capacity),
          chargeKw, v2g ? chargeKw : 0, round(efficiency), null));
      sumChargeKw += chargeKw;
      sumNeedKwh += Math.max(0, required - energy) / efficiency;
    }
    double[] base = new double[horizon];
    double[] importPrice = new double[horizon];
    double[] exportPrice = new double[horizon];
    boolean negativeMidday = rnd.nextDouble() < 0.5;
    double offPeak = 0.08 + 0.04 * rnd.nextDouble();
    double peak = 0.30 + 0.15 * rnd.nextDouble();
    double baseScale = 20 + 1.5 * vehicles;
    double maxBase = 0;
    for (int t = 0; t < horizon; t++) {
      double hour = (12 + (t + 0.5) * h) % 24;
      boolean working = hour >= 7 && hour < 19;
      base[t] = round(baseScale * (working ? 1.0 : 0.4) * (0.9 + 0.2 * rnd.nextDouble()));
      maxBase = Math.max(maxBase, base[t]);
      double price;
      if (hour >= 17 && hour < 21) {
        price = peak;
      } else if (hour >= 11 && hour < 15) {
        price = negativeMidday ? -0.03 + 0.05 * rnd.nextDouble() : 0.04 + 0.04 * rnd.nextDouble();
      } else if (hour >= 7 && hour < 17) {
        price = 0.16 + 0.06 * rnd.nextDouble();
      } else {
        price = offPeak + 0.02 * rnd.nextDouble();
      }
      importPrice[t] = round(price);
      // A feed-in tariff below the import price keeps the energy cost convex (and is what utilities pay).
      exportPrice[t] = round(price - 0.03 - 0.02 * rnd.nextDouble());
    }
    // Sized so that the overnight energy fits with room to shift, but far below every charger at full power.
    int overnight = (int) Math.round(10 / h);
    double importLimit = round(maxBase + Math.max(0.35 * sumChargeKw, 1.4 * sumNeedKwh / (overnight * h)) + 10);
    double[] limit = new double[horizon];
    java.util.Arrays.fill(limit, importLimit);
    Site site = new Site(limit, round(0.5 * importLimit), base, round(8 + 10 * rnd.nextDouble()),
        round(0.6 * maxBase));
    return new Instance(minutes, horizon, DEFAULT_START, site, new Prices(importPrice, exportPrice),
        round(0.03 + 0.05 * rnd.nextDouble()), List.of(), fleet);
  }

  private static double round(double v) {
    return Math.rint(v * 1000) / 1000;
  }
}
