package energy.vgf.optimizer.plan;

/**
 * Costs of a plan in $ over the horizon.
 *
 * @param energy            h * sum(import price * positive net - export price * negative net): already net of
 *                          {@code exportRevenue}
 * @param importCost        h * sum(import price * positive net)
 * @param exportRevenue     h * sum(export price * negative net), reported for information
 * @param demand            demand charge * max(existing peak, peak net load)
 * @param degradation       degradation cost * energy discharged at the grid side
 * @param drRevenue         demand-response payment: h * sum over event intervals of payment * max(0, baseline - net)
 * @param regulationRevenue regulation capacity payment: sum of price * reserved kW (see {@link RegulationModel})
 * @param churnPenalty      the setpoint-stability penalty against the previous plan; not part of {@link #total()}
 */
public record CostBreakdown(double energy, double importCost, double exportRevenue, double demand,
                            double degradation, double drRevenue, double regulationRevenue, double churnPenalty) {

  /** The objective: energy + demand + degradation - demand-response and regulation revenue. */
  public double total() {
    return energy + demand + degradation - drRevenue - regulationRevenue;
  }
}
