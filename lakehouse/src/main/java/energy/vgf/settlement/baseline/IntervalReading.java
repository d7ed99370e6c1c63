package energy.vgf.settlement.baseline;

import java.time.Instant;

/** One 15-minute meter interval: energy imported in the interval, kWh, and its quality. */
public record IntervalReading(Instant intervalStart, double importKwh, MeterQuality quality) {
}
