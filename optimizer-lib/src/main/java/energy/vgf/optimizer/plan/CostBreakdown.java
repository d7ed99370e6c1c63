package energy.vgf.optimizer.plan;

/**
 * Costs of a plan in $ over the horizon.
 *
 * @param energy        h * sum(import price * positive net - export price * negative net): already net of
 *                      {@code exportRevenue}
 * @param importCost    h * sum(import price * positive net)
 * @param exportRevenue h * sum(export price * negative net), reported for information
 * @param demand        demand charge * max(existing peak, peak net load)
 * @param degradation   degradation cost * energy discharged at the grid side
 * @param churnPenalty  the setpoint-stability penalty against the previous plan; not part of {@link #total()}
 */
public record CostBreakdown(double energy, double importCost, double exportRevenue, double demand,
                            double degradation, double churnPenalty) {

    /** The objective of the issue: energy + demand + degradation. */
    public double total() {
        return energy + demand + degradation;
    }
}
