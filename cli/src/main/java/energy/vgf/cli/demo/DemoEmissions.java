package energy.vgf.cli.demo;

import java.time.Instant;
import java.time.ZoneId;

/**
 * The demo's marginal emission rate: no connector or simulator stream provides one, so the demo loads an
 * illustrative hourly profile into curated.marginal_emissions, shaped like the winter marginal emission
 * rates published for CAISO (gas plants on the margin overnight and in the evening ramp, solar curtailed
 * at midday). A deployment loads a real series instead (`./vgf catalog load --table curated.marginal_emissions`,
 * e.g. a WattTime or SGIP export).
 */
final class DemoEmissions {
  /** kg CO2 per MWh by local hour of day. */
  private static final double[] KG_PER_MWH_BY_HOUR = {
      430, 430, 425, 425, 425, 430, 440, 420, 380, 330, 290, 270,
      260, 270, 300, 360, 450, 480, 480, 470, 460, 450, 440, 435};

  private DemoEmissions() {
  }

  static double kgCo2PerMwh(Instant at, ZoneId zone) {
    return KG_PER_MWH_BY_HOUR[at.atZone(zone).getHour()];
  }
}
