package energy.vgf.settlement.savings;

import energy.vgf.lakehouse.catalog.CatalogConfigException;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Map;

/**
 * The savings job's terms, from the {@code savings:} section of the settlement YAML:
 *
 * <pre>
 * savings:
 *   uncontrolled_power_kw: 11.0            # counterfactual: every session charges at this power from plug-in
 *   degradation_usd_per_kwh: 0.04          # battery wear per kWh of V2G discharge
 *   demand_charge_usd_per_kw_month: 12.50  # tariff demand charge on the month's peak 15-min EV demand
 * </pre>
 */
public record SavingsConfig(double uncontrolledPowerKw, BigDecimal degradationUsdPerKwh,
                            BigDecimal demandChargeUsdPerKwMonth) implements Serializable {

  public static final double DEFAULT_UNCONTROLLED_POWER_KW = 11.0;

  public SavingsConfig {
    if (!(uncontrolledPowerKw > 0)) {
      throw new CatalogConfigException("savings.uncontrolled_power_kw", uncontrolledPowerKw, "a power > 0 kW");
    }
    if (degradationUsdPerKwh.signum() < 0) {
      throw new CatalogConfigException("savings.degradation_usd_per_kwh", degradationUsdPerKwh, ">= 0");
    }
    if (demandChargeUsdPerKwMonth.signum() < 0) {
      throw new CatalogConfigException("savings.demand_charge_usd_per_kw_month", demandChargeUsdPerKwMonth, ">= 0");
    }
  }

  public static SavingsConfig defaults() {
    return new SavingsConfig(DEFAULT_UNCONTROLLED_POWER_KW, new BigDecimal("0.04"), BigDecimal.ZERO);
  }

  /** From the YAML root (its {@code savings} map); missing keys take the defaults. */
  @SuppressWarnings("unchecked")
  public static SavingsConfig fromMap(Map<String, Object> root) {
    Object section = root.get("savings");
    if (section == null) {
      return defaults();
    }
    if (!(section instanceof Map<?, ?>)) {
      throw new CatalogConfigException("savings", section, "a map with uncontrolled_power_kw, degradation_usd_per_kwh, "
          + "demand_charge_usd_per_kw_month");
    }
    Map<String, Object> m = (Map<String, Object>) section;
    return new SavingsConfig(
        number(m, "uncontrolled_power_kw", String.valueOf(DEFAULT_UNCONTROLLED_POWER_KW)).doubleValue(),
        number(m, "degradation_usd_per_kwh", "0.04"),
        number(m, "demand_charge_usd_per_kw_month", "0"));
  }

  private static BigDecimal number(Map<String, Object> m, String key, String dflt) {
    Object v = m.getOrDefault(key, dflt);
    try {
      return new BigDecimal(String.valueOf(v));
    } catch (NumberFormatException e) {
      throw new CatalogConfigException("savings." + key, v, "a number");
    }
  }
}
