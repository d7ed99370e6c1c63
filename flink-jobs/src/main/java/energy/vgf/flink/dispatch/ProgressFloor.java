package energy.vgf.flink.dispatch;

import energy.vgf.optimizer.instance.Instance;
import energy.vgf.optimizer.instance.Vehicle;
import energy.vgf.optimizer.plan.Plan;
import energy.vgf.optimizer.plan.VehiclePlan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps each vehicle's first-interval power at or above the straight line to its departure requirement.
 *
 * <p>Only a plan's first interval becomes a setpoint; the later ones are re-planned an interval later. A plan that
 * is cheapest with a vehicle's charging left to the intervals just before its departure (the midday price trough,
 * a share of the site limit rotating among vehicles) gives it little or nothing now, and the next plan does the
 * same, until the vehicle needs more than its charger's maximum. When setpoints also reach the chargers late (seen
 * at the demo's 1,500 x: 20-30 simulated minutes), the last intervals' power comes too late, and school buses left
 * after a midday dwell 1-2 points short. The floor raises a vehicle's first-interval power to the average rate it
 * needs from now to its departure, within its charger's maximum, and takes that power from the vehicles the plan
 * charges above their own floor, so that the site's first interval draws no more than the plan's did plus any
 * room it left under the import limit. A vehicle with no deficit keeps its planned power (V2G discharge
 * included).
 */
final class ProgressFloor {

  /** A vehicle's part of the first interval. */
  record Share(String vehicleId, double plannedKw, double floorKw) {}

  private ProgressFloor() {}

  /** The first-interval power per vehicle of {@code plan}, with the floor applied. */
  static Map<String, Double> firstIntervalKw(Instance in, Plan plan) {
    Map<String, VehiclePlan> planned = new HashMap<>();
    for (VehiclePlan vp : plan.vehicles()) {
      planned.put(vp.id(), vp);
    }
    List<Share> shares = new ArrayList<>();
    double plannedTotalKw = 0;
    for (Vehicle v : in.vehicles()) {
      VehiclePlan vp = planned.get(v.id());
      if (vp == null || vp.powerKw().length == 0) {
        continue;
      }
      double kw = vp.powerKw()[0];
      plannedTotalKw += kw;
      boolean pluggedNow = in.firstInterval(v) == 0 && in.endInterval(v) > 0;
      shares.add(new Share(v.id(), kw, pluggedNow ? floorKw(in, v) : 0.0));
    }
    double roomKw = in.site().importLimitKw()[0] - in.site().baseLoadKw()[0] - plannedTotalKw;
    return apply(shares, roomKw);
  }

  /** The average grid-side power that reaches the requirement by the departure interval, at most the maximum. */
  static double floorKw(Instance in, Vehicle v) {
    double deficitKwh = v.requiredKwh() - v.energyKwh();
    if (deficitKwh <= 0) {
      return 0.0;
    }
    int intervalsLeft = Math.max(1, in.endInterval(v));
    return Math.min(in.maxChargeKw(v), deficitKwh / (v.efficiency() * in.hours() * intervalsLeft));
  }

  /**
   * Raises every share below its floor: first into {@code roomKw} (what the plan left under the site's import limit
   * in the first interval), then with power taken from the shares above their floors, each in proportion to its
   * excess. If that is not enough either, every raise is cut by the same fraction.
   */
  static Map<String, Double> apply(List<Share> shares, double roomKw) {
    double raiseKw = 0;
    double excessKw = 0;
    for (Share s : shares) {
      if (s.floorKw() > 0) {
        raiseKw += Math.max(0, s.floorKw() - s.plannedKw());
      }
      excessKw += Math.max(0, s.plannedKw() - s.floorKw());
    }
    double fromRoomKw = Math.min(raiseKw, Math.max(0, roomKw));
    double fromOthersKw = Math.min(raiseKw - fromRoomKw, excessKw);
    double raised = raiseKw <= 0 ? 0 : (fromRoomKw + fromOthersKw) / raiseKw;
    double taken = excessKw <= 0 ? 0 : fromOthersKw / excessKw;
    Map<String, Double> out = new HashMap<>();
    for (Share s : shares) {
      double kw = s.plannedKw();
      if (s.floorKw() > 0 && s.floorKw() > kw) {
        kw += (s.floorKw() - kw) * raised;
      } else if (kw > s.floorKw()) {
        kw -= (kw - s.floorKw()) * taken;
      }
      out.put(s.vehicleId(), kw);
    }
    return out;
  }
}
