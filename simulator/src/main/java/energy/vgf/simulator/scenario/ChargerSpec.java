package energy.vgf.simulator.scenario;

/**
 * A group of identical chargers at a depot.
 *
 * @param type AC (e.g. 19.2 kW Level 2) or DC (50-150 kW)
 * @param bidirectional whether it can discharge the vehicle (V2G); default false
 * @param efficiency grid-to-battery efficiency (charger and battery losses); default 0.93
 */
public record ChargerSpec(String type, double powerKw, int count, Boolean bidirectional, Double efficiency) {

  public ChargerSpec {
    if (!"AC".equals(type) && !"DC".equals(type)) {
      throw new IllegalArgumentException("chargers[].type must be AC or DC, got " + type);
    }
    if (powerKw <= 0) {
      throw new IllegalArgumentException("chargers[].power_kw must be > 0, got " + powerKw);
    }
    if (count < 0) {
      throw new IllegalArgumentException("chargers[].count must be >= 0, got " + count);
    }
    if (bidirectional == null) {
      bidirectional = false;
    }
    if (efficiency == null) {
      efficiency = 0.93;
    }
    if (efficiency <= 0 || efficiency > 1) {
      throw new IllegalArgumentException("chargers[].efficiency must be in (0, 1], got " + efficiency);
    }
  }
}
