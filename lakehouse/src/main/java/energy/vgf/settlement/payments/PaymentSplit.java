package energy.vgf.settlement.payments;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Splits a program payment between the fleet and the aggregator per the contract's fleet share. The fleet's
 * credit is rounded half-even to 1/100 cent and the aggregator gets the exact remainder, so the two always sum
 * to the program payment (no cent is created or lost by rounding).
 */
public record PaymentSplit(BigDecimal programPaymentUsd, BigDecimal fleetCreditUsd, BigDecimal aggregatorShareUsd) {

  public static PaymentSplit of(BigDecimal programPaymentUsd, BigDecimal fleetSharePct) {
    BigDecimal fleet = programPaymentUsd.multiply(fleetSharePct)
        .divide(BigDecimal.valueOf(100), 4, RoundingMode.HALF_EVEN);
    return new PaymentSplit(programPaymentUsd.setScale(4, RoundingMode.HALF_EVEN), fleet,
        programPaymentUsd.setScale(4, RoundingMode.HALF_EVEN).subtract(fleet));
  }
}
