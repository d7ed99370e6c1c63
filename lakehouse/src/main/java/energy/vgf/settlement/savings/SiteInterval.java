package energy.vgf.settlement.savings;

/**
 * One source's contribution to a site's 15-minute interval (Flink POJO): a charger's managed energy, a session's
 * counterfactual energy, or the site revenue meter. {@code sourceId} orders the parts before summing, so sums are
 * bit-identical whatever order the shuffle delivers them in (re-runs write identical rows).
 */
public class SiteInterval {
  public String siteId;
  public long startMs;
  public String sourceId;
  public double evImportKwh;
  public double evExportKwh;
  public double counterfactualKwh;
  /** NaN when this part is not a revenue-meter reading. */
  public double siteImportKwh = Double.NaN;
  public double siteExportKwh = Double.NaN;
  /** MeterQuality ordinal of a revenue-meter reading, -1 otherwise. */
  public byte siteQuality = -1;

  public SiteInterval() {
  }

  static SiteInterval ev(String siteId, long startMs, String sourceId, double importKwh, double exportKwh) {
    SiteInterval s = base(siteId, startMs, sourceId);
    s.evImportKwh = importKwh;
    s.evExportKwh = exportKwh;
    return s;
  }

  static SiteInterval counterfactual(String siteId, long startMs, String sourceId, double kwh) {
    SiteInterval s = base(siteId, startMs, sourceId);
    s.counterfactualKwh = kwh;
    return s;
  }

  static SiteInterval meter(String siteId, long startMs, String sourceId, double importKwh, double exportKwh, byte quality) {
    SiteInterval s = base(siteId, startMs, sourceId);
    s.siteImportKwh = importKwh;
    s.siteExportKwh = exportKwh;
    s.siteQuality = quality;
    return s;
  }

  private static SiteInterval base(String siteId, long startMs, String sourceId) {
    SiteInterval s = new SiteInterval();
    s.siteId = siteId;
    s.startMs = startMs;
    s.sourceId = sourceId;
    return s;
  }
}
