package energy.vgf.flink.vehicle;

import energy.vgf.flink.config.FleetRegistry.VehicleSpec;

/**
 * Decides whether a SoC reading can be trusted, from physics rather than from the sensor:
 * <ul>
 *   <li>a jump: between two readings the battery cannot gain more than the on-board charger delivers
 *   ({@code maxChargeKw x efficiency x hours}) nor lose more than traction or V2G draw, plus the sensor's
 *   quantisation tolerance. A jump is held as pending and accepted only when the next reading confirms it
 *   (recalibration after a BMS reset, a battery swap).</li>
 *   <li>a stuck sensor: the same value reported while the charger delivered more than
 *   {@code sanity.stuck.energy.pct} of the capacity. The energy is then integrated from the charger's meter.</li>
 * </ul>
 */
final class SocSanity {
  private final double tolerancePct;
  private final double maxDriveKw;
  private final double stuckEnergyPct;

  SocSanity(double tolerancePct, double maxDriveKw, double stuckEnergyPct) {
    this.tolerancePct = tolerancePct;
    this.maxDriveKw = maxDriveKw;
    this.stuckEnergyPct = stuckEnergyPct;
  }

  /** Applies one reading taken at {@code tsMs}; returns true when the state changed. Older readings are ignored. */
  boolean apply(VehicleState s, double socPct, long tsMs, VehicleSpec spec) {
    if (s.socPct != null && tsMs < s.socTsMs) {
      return false; // out of order: a newer reading is already applied
    }
    checkStuck(s, socPct, spec);
    if (!s.socTrusted && "soc-stuck".equals(s.sanityFlag)) {
      s.socTsMs = tsMs;
      return true;
    }
    if (s.socPct == null) {
      trust(s, socPct, tsMs, spec);
      return true;
    }
    double hours = (tsMs - s.socTsMs) / 3_600_000.0;
    double maxRisePct = tolerancePct + hours * spec.maxChargeKw() * spec.efficiency() / spec.capacityKwh() * 100;
    double maxDropPct = tolerancePct + hours * Math.max(maxDriveKw, spec.maxDischargeKw()) / spec.capacityKwh() * 100;
    double delta = socPct - s.socPct;
    if (delta <= maxRisePct && -delta <= maxDropPct) {
      trust(s, socPct, tsMs, spec);
      return true;
    }
    if (s.pendingSocPct != null && Math.abs(socPct - s.pendingSocPct) <= tolerancePct) {
      trust(s, socPct, tsMs, spec); // confirmed by a second reading: the jump was real
      return true;
    }
    s.pendingSocPct = socPct;
    s.socTrusted = false;
    s.sanityFlag = "soc-jump";
    return true;
  }

  private void trust(VehicleState s, double socPct, long tsMs, VehicleSpec spec) {
    s.socPct = socPct;
    s.socTsMs = tsMs;
    s.energyKwh = socPct / 100.0 * spec.capacityKwh();
    s.pendingSocPct = null;
    s.socTrusted = true;
    s.sanityFlag = null;
  }

  /** Tracks identical readings against the charger's import register. */
  private boolean checkStuck(VehicleState s, double socPct, VehicleSpec spec) {
    boolean same = s.lastReportedSocPct != null && s.lastReportedSocPct == socPct;
    s.lastReportedSocPct = socPct;
    if (!same || s.lastImportKwh == null || !s.pluggedIn) {
      if (!same && "soc-stuck".equals(s.sanityFlag)) {
        s.socTrusted = true; // the sensor moves again: trust resumes through the normal checks
        s.sanityFlag = null;
        s.socPct = null;
      }
      s.stuckBaseImportKwh = s.lastImportKwh;
      s.stuckBaseEnergyKwh = socPct / 100.0 * spec.capacityKwh(); // the energy this reading stands for
      return false;
    }
    if (s.stuckBaseImportKwh == null) {
      s.stuckBaseImportKwh = s.lastImportKwh;
      s.stuckBaseEnergyKwh = s.energyKwh;
      return false;
    }
    double deliveredKwh = s.lastImportKwh - s.stuckBaseImportKwh;
    if (deliveredKwh >= stuckEnergyPct / 100.0 * spec.capacityKwh()) {
      s.socTrusted = false;
      s.sanityFlag = "soc-stuck";
      s.energyKwh = Math.min(spec.capacityKwh(), s.stuckBaseEnergyKwh + deliveredKwh * spec.efficiency());
      return true;
    }
    return false;
  }

  /** While the sensor is stuck, a new meter register value moves the energy estimate. */
  void onImportRegister(VehicleState s, double importKwh, VehicleSpec spec) {
    s.lastImportKwh = importKwh;
    if ("soc-stuck".equals(s.sanityFlag) && s.stuckBaseImportKwh != null) {
      s.energyKwh = Math.min(spec.capacityKwh(), s.stuckBaseEnergyKwh + (importKwh - s.stuckBaseImportKwh) * spec.efficiency());
    }
  }
}
