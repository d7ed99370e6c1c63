package energy.vgf.optimizer.plan;

public enum PlanStatus {
  /** The continuous optimum was proven (interior-point duality gap closed) and no requirement is missed. */
  OPTIMAL,
  /** Every requirement is met and every limit respected, but optimality is not proven (time budget,
   *  fallback, or discrete charger constraints rounded after the continuous optimum). */
  FEASIBLE,
  /** At least one departure requirement cannot be met; the plan delivers as much as possible. */
  INFEASIBLE_REQUIREMENTS
}
