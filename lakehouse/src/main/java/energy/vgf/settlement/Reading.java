package energy.vgf.settlement;

/** A compact meter reading travelling between operators (Flink POJO: public fields, no-arg constructor). */
public class Reading {
  public String siteId;
  public String meterId;
  public long startMs;
  public double importKwh;
  public byte quality;

  public Reading() {
  }

  Reading(String siteId, String meterId, long startMs, double importKwh, byte quality) {
    this.siteId = siteId;
    this.meterId = meterId;
    this.startMs = startMs;
    this.importKwh = importKwh;
    this.quality = quality;
  }
}
