package energy.vgf.optimizer.solve;

import energy.vgf.optimizer.instance.Charger;
import energy.vgf.optimizer.instance.Instance;
import energy.vgf.optimizer.instance.Vehicle;
import energy.vgf.optimizer.plan.Requirements;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.chocosolver.solver.Model;
import org.chocosolver.solver.Solution;
import org.chocosolver.solver.Solver;
import org.chocosolver.solver.variables.IntVar;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses a charger for every vehicle that has none when vehicles outnumber chargers: a vehicle keeps its
 * charger for its whole stay, and two vehicles present at the same time need different chargers.
 *
 * <p>Choco model: a_i in {0 = none, 1..C}; the vehicles present at each arrival instant (the maximal cliques
 * of the interval graph) are allDifferentExcept0; maximise the value of the assignment, where a vehicle on a
 * charger is worth the kWh of its requirement that charger can deliver in its stay (x10, so that meeting
 * requirements dominates) plus a bonus for V2G-capable vehicles on bidirectional chargers. A greedy
 * assignment is the starting point and the answer when Choco runs out of time.
 */
final class ChargerAssignment {
  private static final Logger LOG = LoggerFactory.getLogger(ChargerAssignment.class);

  private ChargerAssignment() {
  }

  static Instance assign(Instance in, long deadlineNanos) {
    int[] greedy = greedyChoice(in);
    long budgetMs = Math.min(2_000, Math.max(0, (deadlineNanos - System.nanoTime()) / 4_000_000L));
    int[] best = greedy;
    if (budgetMs >= 5) {
      int[] choco = chocoChoice(in, greedy, budgetMs);
      if (choco != null && value(in, choco) >= value(in, greedy)) {
        best = choco;
      }
    }
    return apply(in, best);
  }

  static Instance greedy(Instance in) {
    return apply(in, greedyChoice(in));
  }

  /** Value in tenths of a kWh, integers for Choco. */
  private static int score(Instance in, Vehicle v, Charger c) {
    int from = in.firstInterval(v);
    int to = in.endInterval(v);
    double power = Math.min(v.maxChargeKw(), c.maxKw());
    double deliverable = Math.max(0, to - from) * in.hours() * v.efficiency() * power;
    double need = Math.max(0, Requirements.targetKwh(in, v) - v.energyKwh());
    double useful = Math.min(need, deliverable);
    double bonus = c.bidirectional() && v.maxDischargeKw() > 0 ? 1 : 0;
    return (int) Math.round(10 * (10 * useful + bonus + 0.1));
  }

  private static int[] greedyChoice(Instance in) {
    List<Vehicle> vs = in.vehicles();
    List<Charger> cs = in.chargers();
    int[] choice = new int[vs.size()];
    List<List<int[]>> busy = new ArrayList<>();
    for (int c = 0; c < cs.size(); c++) {
      busy.add(new ArrayList<>());
    }
    for (int i = 0; i < vs.size(); i++) {
      Vehicle v = vs.get(i);
      if (v.chargerId() != null) {
        int c = indexOf(cs, v.chargerId());
        choice[i] = c + 1;
        busy.get(c).add(new int[] {in.firstInterval(v), in.endInterval(v)});
      }
    }
    Integer[] order = new Integer[vs.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    // Interval scheduling: by arrival, the best free charger for each; greedy colouring of an interval graph
    // by start time uses the fewest chargers.
    Arrays.sort(order, (a, b) -> Integer.compare(vs.get(a).arrival(), vs.get(b).arrival()));
    for (int i : order) {
      Vehicle v = vs.get(i);
      if (v.chargerId() != null) {
        continue;
      }
      int from = in.firstInterval(v);
      int to = in.endInterval(v);
      int bestC = -1;
      int bestScore = -1;
      for (int c = 0; c < cs.size(); c++) {
        boolean free = true;
        for (int[] w : busy.get(c)) {
          if (from < w[1] && w[0] < to) {
            free = false;
            break;
          }
        }
        int s = score(in, v, cs.get(c));
        if (free && s > bestScore) {
          bestScore = s;
          bestC = c;
        }
      }
      if (bestC >= 0 && from < to) {
        choice[i] = bestC + 1;
        busy.get(bestC).add(new int[] {from, to});
      }
    }
    return choice;
  }

  private static int[] chocoChoice(Instance in, int[] hint, long budgetMs) {
    List<Vehicle> vs = in.vehicles();
    List<Charger> cs = in.chargers();
    int nc = cs.size();
    Model model = new Model("charger-assignment");
    IntVar[] a = new IntVar[vs.size()];
    IntVar[] value = new IntVar[vs.size()];
    for (int i = 0; i < vs.size(); i++) {
      Vehicle v = vs.get(i);
      if (v.chargerId() != null || in.firstInterval(v) >= in.endInterval(v)) {
        a[i] = model.intVar(hint[i]);
      } else {
        a[i] = model.intVar("a_" + v.id(), 0, nc);
      }
      int[] table = new int[nc + 1];
      for (int c = 0; c < nc; c++) {
        table[c + 1] = score(in, v, cs.get(c));
      }
      value[i] = model.intVar("v_" + v.id(), 0, Arrays.stream(table).max().orElse(0));
      model.element(value[i], table, a[i]).post();
    }
    TreeSet<Integer> instants = new TreeSet<>();
    for (Vehicle v : vs) {
      instants.add(in.firstInterval(v));
    }
    for (int t : instants) {
      List<IntVar> present = new ArrayList<>();
      for (int i = 0; i < vs.size(); i++) {
        Vehicle v = vs.get(i);
        if (in.firstInterval(v) <= t && t < in.endInterval(v)) {
          present.add(a[i]);
        }
      }
      if (present.size() > 1) {
        model.allDifferentExcept0(present.toArray(new IntVar[0])).post();
      }
    }
    IntVar total = model.intVar("total", 0, Arrays.stream(value).mapToInt(IntVar::getUB).sum());
    model.sum(value, "=", total).post();
    model.setObjective(Model.MAXIMIZE, total);
    Solver solver = model.getSolver();
    solver.limitTime(budgetMs + "ms");
    Solution best = new Solution(model);
    boolean found = false;
    while (solver.solve()) {
      best.record();
      found = true;
    }
    if (!found) {
      LOG.debug("choco found no charger assignment in {} ms, keeping the greedy one", budgetMs);
      return null;
    }
    int[] out = new int[vs.size()];
    for (int i = 0; i < vs.size(); i++) {
      out[i] = best.getIntVal(a[i]);
    }
    return out;
  }

  private static long value(Instance in, int[] choice) {
    long s = 0;
    for (int i = 0; i < choice.length; i++) {
      if (choice[i] > 0) {
        s += score(in, in.vehicles().get(i), in.chargers().get(choice[i] - 1));
      }
    }
    return s;
  }

  /** Vehicles left without a charger cannot charge: their power limits become zero. */
  private static Instance apply(Instance in, int[] choice) {
    List<Vehicle> out = new ArrayList<>();
    for (int i = 0; i < choice.length; i++) {
      Vehicle v = in.vehicles().get(i);
      if (choice[i] > 0) {
        out.add(v.withChargerId(in.chargers().get(choice[i] - 1).id()));
      } else {
        out.add(new Vehicle(v.id(), v.arrival(), v.departure(), v.energyKwh(), v.requiredKwh(),
                v.capacityKwh(), v.minKwh(), 0, 0, v.efficiency(), null, v.taperStartSocPct()));
      }
    }
    return in.withVehicles(out);
  }

  private static int indexOf(List<Charger> cs, String id) {
    for (int c = 0; c < cs.size(); c++) {
      if (cs.get(c).id().equals(id)) {
        return c;
      }
    }
    throw new IllegalStateException("unknown charger " + id);
  }
}
