package energy.vgf.ocpp.session;

import java.time.Instant;

/**
 * One OCPP MeterValue (a timestamp and its sampled values) reduced to the measurands the platform uses, in
 * platform units. Absent measurands are null.
 */
public record MeterSample(Instant ts, Double powerImportKw, Double powerExportKw, Double energyImportKwh,
    Double energyExportKwh, Double currentA, Double voltageV, Double socPct) {}
