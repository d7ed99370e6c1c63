package energy.vgf.settlement;

import java.math.BigDecimal;

/** One event x meter's contribution to a site's program payment (Flink POJO). */
public class PaymentPart {
  public String programId;
  public String siteId;
  public String eventId;
  public double reductionKwh;
  public BigDecimal paymentUsd;
  public int flaggedIntervals;

  public PaymentPart() {
  }

  PaymentPart(String programId, String siteId, String eventId, double reductionKwh, BigDecimal paymentUsd,
              int flaggedIntervals) {
    this.programId = programId;
    this.siteId = siteId;
    this.eventId = eventId;
    this.reductionKwh = reductionKwh;
    this.paymentUsd = paymentUsd;
    this.flaggedIntervals = flaggedIntervals;
  }
}
