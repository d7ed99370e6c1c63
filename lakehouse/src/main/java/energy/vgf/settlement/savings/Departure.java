package energy.vgf.settlement.savings;

import java.io.Serializable;

/** A fleet departure requirement (raw.fleet_constraint) for one vehicle. */
record Departure(long departureMs, double requiredSocPct) implements Serializable {
}
