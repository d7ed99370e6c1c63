package energy.vgf.settlement;

/**
 * Consecutive readings of one meter travelling between operators as one record (Flink POJO: public fields, no-arg
 * constructor; primitive arrays serialize without per-reading overhead). The shuffle and the keyed sort then handle
 * one record per meter and data file instead of one per 15-minute reading.
 */
public class MeterBatch {
  public String siteId;
  public String meterId;
  public long[] startMs;
  public double[] importKwh;
  /** MeterQuality ordinals. */
  public byte[] quality;

  public MeterBatch() {
  }

  MeterBatch(String siteId, String meterId, long[] startMs, double[] importKwh, byte[] quality) {
    this.siteId = siteId;
    this.meterId = meterId;
    this.startMs = startMs;
    this.importKwh = importKwh;
    this.quality = quality;
  }

  int size() {
    return startMs.length;
  }
}
