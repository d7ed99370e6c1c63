package energy.vgf.ocpp.security;

import energy.vgf.charging.ChargerEnrollment;
import java.time.Instant;

/**
 * A charger an operator enrolled: what the bridge needs to authenticate it and to turn kW into its units.
 *
 * @param passwordHash PBKDF2 hash of its Basic-auth password; null for chargers that only use client certificates
 * @param phases AC phases (1 or 3), 0 for DC
 */
public record EnrolledCharger(String chargerId, String siteId, String passwordHash, boolean bidirectional,
    double maxKw, double minKw, int phases, double voltageV, Instant enrolledAt) {

  public static EnrolledCharger from(ChargerEnrollment e) {
    return new EnrolledCharger(e.getChargerId(), e.getSiteId(), e.getPasswordHash(), e.getBidirectional(),
        e.getMaxKw(), e.getMinKw(), e.getPhases(), e.getVoltageV(), e.getEnrolledAt());
  }

  public ChargerEnrollment toRecord() {
    return ChargerEnrollment.newBuilder().setChargerId(chargerId).setSiteId(siteId).setPasswordHash(passwordHash)
        .setBidirectional(bidirectional).setMaxKw(maxKw).setMinKw(minKw).setPhases(phases).setVoltageV(voltageV)
        .setEnrolledAt(enrolledAt).build();
  }

  /** A typical 22 kW three-phase AC charger. */
  public static EnrolledCharger ac22(String chargerId, String passwordHash) {
    return new EnrolledCharger(chargerId, null, passwordHash, false, 22.0, 4.14, 3, 230.0, Instant.now());
  }
}
