package energy.vgf.optimizer.solve;

import energy.vgf.optimizer.instance.Charger;
import energy.vgf.optimizer.instance.Instance;
import energy.vgf.optimizer.instance.Vehicle;
import energy.vgf.optimizer.plan.Plan;
import energy.vgf.optimizer.plan.PlanStatus;
import energy.vgf.optimizer.plan.Requirements;
import energy.vgf.optimizer.plan.VehiclePlan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The charging taper in a form the LP can take. Above its taper start K (kWh) a battery accepts at most
 * {@code maxKw * (C - e) / (C - K)}: a bound that couples power to the energy state, which the tridiagonal
 * vehicle blocks of {@link ChargingLp} do not carry. Planning without it is what makes departures fail in
 * practice: the plan defers charging to the cheapest hours at full power, and the last 10-20 % then arrive
 * at a fraction of that power.
 *
 * <p>So a tapering vehicle whose requirement R lies above K is planned as two segments on its charger:
 * <ul>
 *   <li><b>bulk</b>, from arrival to D1, at full power and with its capacity set to K: bulk power can
 *       never be planned inside the taper zone;</li>
 *   <li><b>absorption</b>, from D1 to departure, from K to R at the constant power f(R) the taper allows
 *       at the requirement. f is falling, so f(R) is the lowest power on the way from K to R and every
 *       power the plan gives this segment is one the battery accepts. D1 is as late as that allows.</li>
 * </ul>
 * A vehicle already above K is one segment at f(R); one below K that needs no more than K gets K as its
 * capacity. Segments are merged back into one {@link VehiclePlan} per vehicle, so callers never see them.
 *
 * <p>A vehicle too late for that schedule (its dwell is shorter than the segments take, though the battery's true
 * curve at full power may still make it: from 80 % to 95 % at f(95 %) takes about twice as long as the real
 * approach) is <b>urgent</b>: it is planned at its full power for its whole dwell, by asking the LP for the energy
 * full power would bring (at most its capacity), so that no cheaper hour or flatter peak defers any of it. The
 * battery takes what it can, rolling re-plans see the real state of charge, and the merged plan reports the
 * vehicle against its true requirement. (Seen in the week-long demo: transit buses plugged in at 75-88 % for a
 * 70-minute midday layover were planned at f(95 %) = 25 % of their charger for the whole layover, and left 1-5
 * points short.)
 *
 * <p>The absorption segment is conservative: at f(R) the step from 80 % to 90 % takes about 45 % longer
 * than the true exponential approach at full power. Flexibility is traded for departures that hold.
 */
final class TaperSegments {
  /** Suffix of an absorption segment's id; not a character vehicle ids of the platform use. */
  static final String ABSORPTION = "~absorption";
  /**
   * R at 100 % would make f(R) zero and the absorption endless (the linear taper only approaches 100 %):
   * the planning power is never taken below the taper's value 5 % short of full within the taper zone.
   */
  private static final double MIN_GAP_SHARE = 0.05;

  private final Instance original;
  private final Instance split;
  /** Vehicle id -> the interval its bulk segment ends (D1), for vehicles planned as two segments. */
  private final Map<String, Integer> bulkEnd;
  /** An urgent vehicle's true requirement and capacity (its segment asks for more and holds more). */
  private record Urgent(double requiredKwh, double capacityKwh) {}

  /** Urgent vehicle id -> its true requirement. */
  private final Map<String, Urgent> urgentVehicles;

  private TaperSegments(Instance original, Instance split, Map<String, Integer> bulkEnd,
      Map<String, Urgent> urgentVehicles) {
    this.original = original;
    this.split = split;
    this.bulkEnd = bulkEnd;
    this.urgentVehicles = urgentVehicles;
  }

  static TaperSegments of(Instance in) {
    if (in.vehicles().stream().noneMatch(Vehicle::tapers)) {
      return new TaperSegments(in, in, Map.of(), Map.of());
    }
    List<Vehicle> out = new ArrayList<>();
    Map<String, Integer> bulkEnd = new HashMap<>();
    Map<String, Urgent> urgent = new HashMap<>();
    double hours = in.hours();
    for (Vehicle v : in.vehicles()) {
      if (!v.tapers()) {
        out.add(v);
        continue;
      }
      double capacity = v.capacityKwh();
      double kneeKwh = capacity * v.taperStartSocPct() / 100.0;
      double energy = v.energyKwh();
      double required = v.requiredKwh();
      double floor = v.minKwh();
      double fullKw = in.maxChargeKw(v);
      double slackKwh = smallestChargeKwh(in, v);
      if (required <= kneeKwh) {
        // Everything it needs is bulk charging; above K it would get less than full power.
        double top = Math.max(Math.max(Math.min(capacity, kneeKwh + slackKwh), energy), Math.max(required, floor));
        double kw = energy > kneeKwh ? taperKw(v, fullKw, kneeKwh, energy) : fullKw;
        out.add(segment(v, v.id(), v.arrival(), v.departure(), energy, required, top, floor, kw, v.maxDischargeKw()));
        continue;
      }
      double absorptionKw = taperKw(v, fullKw, kneeKwh, required);
      double absorptionTop = Math.min(capacity, required + slackKwh);
      // Within one smallest setpoint of the knee, a bulk segment could not be planned at all: the charger's
      // minimum power would carry it past K. The battery still takes more than f(R) there, so plan absorption.
      if (energy >= kneeKwh - slackKwh) {
        int needed = (int) Math.ceil((required - energy) / (absorptionKw * v.efficiency() * hours) - 1e-9);
        if (v.departure() <= in.horizon() && v.departure() - in.firstInterval(v) < needed) {
          out.add(urgent(in, v, urgent));
          continue;
        }
        out.add(segment(v, v.id(), v.arrival(), v.departure(), energy, required, Math.max(absorptionTop, floor), floor,
            absorptionKw, v.maxDischargeKw()));
        continue;
      }
      int absorptionIntervals = (int) Math.ceil((required - kneeKwh) / (absorptionKw * v.efficiency() * hours) - 1e-9);
      int split = v.departure() - absorptionIntervals;
      if (split <= in.firstInterval(v)) {
        out.add(v.departure() <= in.horizon() ? urgent(in, v, urgent) : v);
        continue;
      }
      double bulkFloor = Math.min(floor, kneeKwh);
      double bulkTop = Math.min(capacity, kneeKwh + slackKwh);
      out.add(segment(v, v.id(), v.arrival(), split, energy, kneeKwh, bulkTop, bulkFloor, fullKw, v.maxDischargeKw()));
      if (split < in.horizon()) {
        out.add(segment(v, v.id() + ABSORPTION, split, v.departure(), kneeKwh, required, absorptionTop, bulkFloor,
            absorptionKw, 0.0));
        bulkEnd.put(v.id(), split);
      }
    }
    return new TaperSegments(in, in.withVehicles(out), bulkEnd, urgent);
  }

  /**
   * The vehicle asked for all that its full power brings by departure, with room for it (the LP's battery is
   * linear; the real one tapers long before), so the LP gives it full power throughout.
   */
  private static Vehicle urgent(Instance in, Vehicle v, Map<String, Urgent> urgent) {
    int dwell = Math.max(0, v.departure() - in.firstInterval(v));
    double fullPowerKwh = v.energyKwh() + in.maxChargeKw(v) * v.efficiency() * in.hours() * dwell;
    double asked = Math.max(v.requiredKwh(), fullPowerKwh);
    urgent.put(v.id(), new Urgent(v.requiredKwh(), v.capacityKwh()));
    return segment(v, v.id(), v.arrival(), v.departure(), v.energyKwh(), asked, asked, v.minKwh(),
        v.maxChargeKw(), v.maxDischargeKw());
  }

  /**
   * The power at energy e (>= K): what the battery accepts there (its own limit, tapered), at most what its charger
   * gives ({@code fullKw}). A 60 kW bus at 90 % takes 30 kW from any charger, a 150 kW one takes 75 kW, but only
   * 19.2 kW from an AC charger. Floored as {@link #MIN_GAP_SHARE} says.
   */
  private static double taperKw(Vehicle v, double fullKw, double kneeKwh, double energyKwh) {
    double zone = v.capacityKwh() - kneeKwh;
    double e = Math.min(energyKwh, v.capacityKwh() - MIN_GAP_SHARE * zone);
    return Math.min(fullKw, v.maxChargeKw() * (v.capacityKwh() - e) / zone);
  }

  /**
   * The least energy one interval of charging adds on the vehicle's charger (its minimum power, about 6 A per
   * phase): a segment capped exactly at its target could not take a last top-up that small and would be planned
   * short of it, so the caps leave this much room.
   */
  private static double smallestChargeKwh(Instance in, Vehicle v) {
    Charger c = v.chargerId() == null ? null : in.charger(v.chargerId());
    return c == null ? 0.0 : c.minKw() * v.efficiency() * in.hours();
  }

  private static Vehicle segment(Vehicle v, String id, int arrival, int departure, double energy, double required,
                                 double capacity, double floor, double maxChargeKw, double maxDischargeKw) {
    // Never below what the segment holds or needs: a vehicle may arrive above its requirement.
    double top = Math.max(capacity, Math.max(energy, required));
    return new Vehicle(id, arrival, departure, energy, required, top, Math.min(floor, top), maxChargeKw,
        maxDischargeKw, v.efficiency(), v.chargerId(), 100.0);
  }

  /** The instance the solvers work on: tapering vehicles replaced by their linear segments. */
  Instance split() {
    return split;
  }

  /** The previous plan's power per vehicle, also under each absorption segment's id (for the churn term). */
  Map<String, double[]> previous(Map<String, double[]> byVehicle) {
    if (bulkEnd.isEmpty() || byVehicle.isEmpty()) {
      return byVehicle;
    }
    Map<String, double[]> out = new HashMap<>(byVehicle);
    for (String id : bulkEnd.keySet()) {
      double[] p = byVehicle.get(id);
      if (p != null) {
        out.put(id + ABSORPTION, p);
      }
    }
    return out;
  }

  /** The plan per original vehicle: each vehicle's segments summed into one power and energy series. */
  Plan merge(Plan plan) {
    if (split == original) {
      return plan;
    }
    Map<String, VehiclePlan> byId = new LinkedHashMap<>();
    for (VehiclePlan vp : plan.vehicles()) {
      byId.put(vp.id(), vp);
    }
    List<VehiclePlan> merged = new ArrayList<>();
    boolean allMet = true;
    for (Vehicle v : original.vehicles()) {
      VehiclePlan bulk = byId.get(v.id());
      VehiclePlan absorption = byId.get(v.id() + ABSORPTION);
      if (bulk == null) {
        continue;
      }
      VehiclePlan vp = absorption == null ? bulk : join(bulk, absorption, bulkEnd.get(v.id()));
      Urgent u = urgentVehicles.get(v.id());
      if (u != null) {
        vp = againstTrueRequirement(vp, u);
      }
      allMet &= vp.met();
      merged.add(vp);
    }
    // Urgent vehicles' inflated asks are not requirements: a plan short only of those meets every departure.
    PlanStatus status = plan.status() == PlanStatus.INFEASIBLE_REQUIREMENTS && allMet ? PlanStatus.FEASIBLE
        : plan.status();
    return new Plan(status, plan.objective(), plan.cost(), plan.peakKw(), plan.netLoadKw(),
        plan.regulationUpKw(), plan.regulationDownKw(), merged, plan.solveMs(), plan.method(), plan.violations());
  }

  /** The urgent vehicle's plan with its energy within its battery and measured against its true requirement. */
  private static VehiclePlan againstTrueRequirement(VehiclePlan vp, Urgent u) {
    double[] energy = vp.energyKwh();
    for (int t = 0; t < energy.length; t++) {
      energy[t] = Math.min(energy[t], u.capacityKwh());
    }
    double finalKwh = Math.min(vp.finalKwh(), u.capacityKwh());
    boolean met = finalKwh >= u.requiredKwh() - Requirements.MET_TOLERANCE_KWH;
    return new VehiclePlan(vp.id(), vp.powerKw(), energy, finalKwh, u.requiredKwh(), met,
        met ? 0.0 : u.requiredKwh() - finalKwh, vp.physicallyPossible());
  }

  private static VehiclePlan join(VehiclePlan bulk, VehiclePlan absorption, int splitInterval) {
    double[] power = bulk.powerKw();
    double[] absorptionKw = absorption.powerKw();
    for (int t = 0; t < power.length; t++) {
      power[t] += absorptionKw[t];
    }
    double[] energy = bulk.energyKwh();
    double[] absorptionKwh = absorption.energyKwh();
    for (int t = splitInterval + 1; t < energy.length; t++) {
      energy[t] = absorptionKwh[t];
    }
    return new VehiclePlan(bulk.id(), power, energy, absorption.finalKwh(), absorption.targetKwh(),
        bulk.met() && absorption.met(), bulk.shortfallKwh() + absorption.shortfallKwh(),
        bulk.physicallyPossible() && absorption.physicallyPossible());
  }
}
