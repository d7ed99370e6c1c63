package energy.vgf.flink.flexibility;

import energy.vgf.flexibility.FlexibilityWindow;
import energy.vgf.flink.config.FleetRegistry;
import energy.vgf.flink.config.FleetRegistry.ChargerSpec;
import energy.vgf.flink.vehicle.VehicleSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The flexibility of the vehicles plugged in at one site at one instant ({@code nowMs}, the window end).
 *
 * <p>Per vehicle: {@code need} = battery energy still required by departure; the grid-side power it can take
 * is {@code maxKw = min(vehicle on-board charger, charge point)}; the straight-line reference power
 * {@code refKw = need / efficiency / hours to departure} (capped at maxKw) is what it must average to make its
 * departure. Then
 * <ul>
 *   <li>upward flexibility = maxKw - current power (0 when full),</li>
 *   <li>downward flexibility = current power - the least power it needs now (0 when delaying by one interval
 *   would miss the departure), plus the V2G discharge power when energy above its floor is dischargeable,</li>
 *   <li>V2G dischargeable energy = energy above max(floor, what full-power charging could not restore by departure),</li>
 *   <li>the horizon arrays repeat up/down per coming interval against the straight-line reference schedule,
 *   counting a vehicle only until its departure.</li>
 * </ul>
 * Vehicles without a departure requirement count as staying through the horizon with nothing required.
 */
public final class FlexibilityCalculator implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  private final FleetRegistry fleet;
  private final int intervalMinutes;
  private final int horizonIntervals;

  public FlexibilityCalculator(FleetRegistry fleet, int intervalMinutes, int horizonIntervals) {
    this.fleet = fleet;
    this.intervalMinutes = intervalMinutes;
    this.horizonIntervals = horizonIntervals;
  }

  public FlexibilityWindow compute(String siteId, long windowStartMs, long windowEndMs, Iterable<VehicleSnapshot> vehicles) {
    long nowMs = windowEndMs;
    double intervalH = intervalMinutes / 60.0;
    int plugged = 0;
    double mustKwh = 0;
    Long earliest = null;
    double currentKw = 0;
    double upKw = 0;
    double downKw = 0;
    double v2gKwh = 0;
    double[] horizonUp = new double[horizonIntervals];
    double[] horizonDown = new double[horizonIntervals];
    for (VehicleSnapshot v : vehicles) {
      if (!v.present || !v.pluggedIn) {
        continue;
      }
      plugged++;
      ChargerSpec charger = fleet.charger(v.chargerId);
      double maxKw = Math.min(v.maxChargeKw, charger.maxKw());
      double dischargeKw = charger.bidirectional() ? Math.min(v.maxDischargeKw, charger.maxKw()) : 0;
      double needKwh = Math.max(0, v.requiredKwh(nowMs) - v.energyKwh);
      boolean hasDeparture = v.departureMs != null && v.departureMs > nowMs;
      double hoursLeft = hasDeparture ? (v.departureMs - nowMs) / 3_600_000.0 : horizonIntervals * intervalH;
      double refKw = needKwh <= 0 ? 0 : Math.min(maxKw, needKwh / v.efficiency / hoursLeft);
      // The least it must draw now: what one interval of delay would make impossible later.
      double minNowKw = needKwh <= 0 ? 0
          : Math.max(0, Math.min(maxKw, (needKwh / v.efficiency - maxKw * Math.max(0, hoursLeft - intervalH)) / intervalH));
      double floorKwh = Math.max(v.minSocPct / 100.0 * v.capacityKwh,
          v.requiredKwh(nowMs) - maxKw * v.efficiency * hoursLeft);
      double dischargeableKwh = dischargeKw > 0 ? Math.max(0, v.energyKwh - floorKwh) : 0;

      mustKwh += needKwh;
      if (needKwh > 0 && hasDeparture && (earliest == null || v.departureMs < earliest)) {
        earliest = v.departureMs;
      }
      currentKw += v.powerKw;
      boolean full = v.energyKwh >= v.capacityKwh - 1e-6;
      upKw += full ? 0 : Math.max(0, maxKw - v.powerKw);
      downKw += Math.max(0, v.powerKw - minNowKw) + (dischargeableKwh > 0 ? dischargeKw : 0);
      v2gKwh += dischargeableKwh;
      for (int k = 0; k < horizonIntervals; k++) {
        long startK = nowMs + (long) k * intervalMinutes * 60_000L;
        if (hasDeparture && startK >= v.departureMs) {
          break;
        }
        horizonUp[k] += full && k == 0 ? 0 : Math.max(0, maxKw - refKw);
        boolean slack = refKw < maxKw - 1e-9;
        horizonDown[k] += (slack ? refKw : 0) + (dischargeableKwh > 0 ? dischargeKw : 0);
      }
    }
    return FlexibilityWindow.newBuilder()
        .setSiteId(siteId)
        .setFeederId(fleet.site(siteId).feederId())
        .setWindowStart(Instant.ofEpochMilli(windowStartMs))
        .setWindowEnd(Instant.ofEpochMilli(windowEndMs))
        .setPluggedInVehicles(plugged)
        .setMustChargeEnergyKwh(mustKwh)
        .setEarliestDeadline(earliest == null ? null : Instant.ofEpochMilli(earliest))
        .setCurrentPowerKw(currentKw)
        .setUpwardFlexKw(upKw)
        .setDownwardFlexKw(downKw)
        .setV2gDischargeableKwh(v2gKwh)
        .setHorizonIntervalMinutes(intervalMinutes)
        .setHorizonUpKw(toList(horizonUp))
        .setHorizonDownKw(toList(horizonDown))
        .build();
  }

  /** A site's window as the first contribution to its feeder group's window (site_id '*'). */
  public static FlexibilityWindow asFeeder(FlexibilityWindow site) {
    return FlexibilityWindow.newBuilder(site).setSiteId("*").build();
  }

  /** Sums windows of several sites of one feeder group (same window): site_id '*', feeder_id set. */
  public static FlexibilityWindow merge(FlexibilityWindow a, FlexibilityWindow b) {
    Instant earliest = a.getEarliestDeadline() == null ? b.getEarliestDeadline()
        : b.getEarliestDeadline() == null || a.getEarliestDeadline().isBefore(b.getEarliestDeadline())
            ? a.getEarliestDeadline() : b.getEarliestDeadline();
    return FlexibilityWindow.newBuilder(a)
        .setSiteId("*")
        .setPluggedInVehicles(a.getPluggedInVehicles() + b.getPluggedInVehicles())
        .setMustChargeEnergyKwh(a.getMustChargeEnergyKwh() + b.getMustChargeEnergyKwh())
        .setEarliestDeadline(earliest)
        .setCurrentPowerKw(a.getCurrentPowerKw() + b.getCurrentPowerKw())
        .setUpwardFlexKw(a.getUpwardFlexKw() + b.getUpwardFlexKw())
        .setDownwardFlexKw(a.getDownwardFlexKw() + b.getDownwardFlexKw())
        .setV2gDischargeableKwh(a.getV2gDischargeableKwh() + b.getV2gDischargeableKwh())
        .setHorizonUpKw(sum(a.getHorizonUpKw(), b.getHorizonUpKw()))
        .setHorizonDownKw(sum(a.getHorizonDownKw(), b.getHorizonDownKw()))
        .build();
  }

  private static List<Double> sum(List<Double> a, List<Double> b) {
    List<Double> out = new ArrayList<>(Math.max(a.size(), b.size()));
    for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
      out.add((i < a.size() ? a.get(i) : 0) + (i < b.size() ? b.get(i) : 0));
    }
    return out;
  }

  private static List<Double> toList(double[] values) {
    List<Double> out = new ArrayList<>(values.length);
    for (double d : values) {
      out.add(d);
    }
    return out;
  }
}
