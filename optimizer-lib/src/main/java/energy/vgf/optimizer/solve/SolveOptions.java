package energy.vgf.optimizer.solve;

import java.util.Map;

/**
 * @param timeLimitMs       the budget: the best plan found by then is returned (the fallback at worst)
 * @param previousPowerKw   the previous plan's setpoints by vehicle id, aligned to this horizon's intervals
 *                          (see {@link Optimizer#alignPrevious}); empty for none
 * @param churnWeightPerKw2 $ per kW^2 of setpoint change per interval; small, so that stability only breaks
 *                          ties and near-ties between plans of equal cost
 * @param discreteSearch    let Choco search charger on/off and step levels on small models (otherwise the
 *                          rounded and topped-up LP plan is final); off by default: on some models Choco's
 *                          bound propagation crawls past the time budget (see optimizer-lib/README.md)
 */
public record SolveOptions(long timeLimitMs, Map<String, double[]> previousPowerKw, double churnWeightPerKw2,
                           boolean discreteSearch) {

  public static final double DEFAULT_CHURN_WEIGHT_PER_KW2 = 1e-4;

  public SolveOptions {
    previousPowerKw = Map.copyOf(previousPowerKw);
  }

  public static SolveOptions defaults() {
    return new SolveOptions(10_000, Map.of(), DEFAULT_CHURN_WEIGHT_PER_KW2, false);
  }

  public SolveOptions withTimeLimitMs(long ms) {
    return new SolveOptions(ms, previousPowerKw, churnWeightPerKw2, discreteSearch);
  }

  public SolveOptions withPrevious(Map<String, double[]> previous) {
    return new SolveOptions(timeLimitMs, previous, churnWeightPerKw2, discreteSearch);
  }

  public SolveOptions withChurnWeightPerKw2(double weight) {
    return new SolveOptions(timeLimitMs, previousPowerKw, weight, discreteSearch);
  }

  public SolveOptions withDiscreteSearch(boolean enabled) {
    return new SolveOptions(timeLimitMs, previousPowerKw, churnWeightPerKw2, enabled);
  }
}
