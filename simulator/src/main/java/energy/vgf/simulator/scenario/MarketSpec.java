package energy.vgf.simulator.scenario;

import energy.vgf.market.Iso;

/**
 * Prices: synthetic day-ahead hourly and real-time 5-minute LMPs shaped like the ISO's, or replayed
 * from a CAISO OASIS CSV file ({@code price_file}, resultformat=6, LMP rows of DAM and RTM runs).
 *
 * @param dayAheadMeanPerMwh mean day-ahead LMP over a day, USD/MWh
 * @param realTimeSdPerMwh spread of real-time around day-ahead, USD/MWh (AR(1), 5-min steps)
 * @param spikeProbability chance per 5-min interval of a scarcity spike
 */
public record MarketSpec(Iso iso, String node, double dayAheadMeanPerMwh, double realTimeSdPerMwh,
    double spikeProbability, String priceFile) {

  public static final MarketSpec DEFAULT = new MarketSpec(Iso.CAISO, "TH_SP15_GEN-APND", 55, 8, 0.003, null);

  public MarketSpec {
    if (node == null || node.isBlank()) {
      throw new IllegalArgumentException("market.node must be set");
    }
    if (spikeProbability < 0 || spikeProbability > 1) {
      throw new IllegalArgumentException("market.spike_probability must be in [0, 1], got " + spikeProbability);
    }
  }
}
