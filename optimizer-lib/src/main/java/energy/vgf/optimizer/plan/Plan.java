package energy.vgf.optimizer.plan;

import java.util.List;

/**
 * A charging and V2G plan for one site over the horizon.
 *
 * @param objective  energy + demand + degradation cost in $ ({@link CostBreakdown#total()})
 * @param peakKw     the highest net load of the plan (the demand charge uses max(existing peak, peakKw))
 * @param netLoadKw  site net load per interval: base load + charging - discharging
 * @param regulationUpKw   up-regulation headroom reserved per interval (zeros without regulation)
 * @param regulationDownKw down-regulation headroom reserved per interval
 * @param method     how it was produced, e.g. {@code interior-point}, {@code least-laxity-first}
 * @param violations broken limits; always empty for plans produced by this library
 */
public record Plan(PlanStatus status, double objective, CostBreakdown cost, double peakKw, double[] netLoadKw,
                   double[] regulationUpKw, double[] regulationDownKw, List<VehiclePlan> vehicles, long solveMs,
                   String method, List<String> violations) {

  public Plan {
    netLoadKw = netLoadKw.clone();
    regulationUpKw = regulationUpKw.clone();
    regulationDownKw = regulationDownKw.clone();
    vehicles = List.copyOf(vehicles);
    violations = List.copyOf(violations);
  }

  @Override
  public double[] netLoadKw() {
    return netLoadKw.clone();
  }

  @Override
  public double[] regulationUpKw() {
    return regulationUpKw.clone();
  }

  @Override
  public double[] regulationDownKw() {
    return regulationDownKw.clone();
  }

  public VehiclePlan vehicle(String id) {
    return vehicles.stream().filter(v -> v.id().equals(id)).findFirst().orElse(null);
  }

  public Plan withSolveMs(long ms) {
    return new Plan(status, objective, cost, peakKw, netLoadKw, regulationUpKw, regulationDownKw, vehicles, ms, method,
        violations);
  }

  public Plan withMethod(String newMethod) {
    return new Plan(status, objective, cost, peakKw, netLoadKw, regulationUpKw, regulationDownKw, vehicles, solveMs,
        newMethod, violations);
  }

  public Plan withStatus(PlanStatus newStatus) {
    return new Plan(newStatus, objective, cost, peakKw, netLoadKw, regulationUpKw, regulationDownKw, vehicles, solveMs,
        method, violations);
  }
}
