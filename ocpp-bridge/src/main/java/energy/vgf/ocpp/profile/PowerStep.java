package energy.vgf.ocpp.profile;

import java.time.Instant;

/** A setpoint's power from {@code start} on: signed at the grid side, + charge, - discharge. */
public record PowerStep(Instant start, double powerKw) {}
