package energy.vgf.settlement.statements;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.UUID;

/**
 * Per-fleet monthly statement lines, in the SettlementRecord contract's vocabulary: DR_PERFORMANCE (kWh reduced,
 * gross program payment), PAYMENT (what the program pays for the fleet's sites) and CREDIT (the fleet's share).
 * Record ids are name-based UUIDs of (period, fleet, program, item), so a re-run produces the same ids.
 */
public final class StatementLines {

  private StatementLines() {
  }

  public static String recordId(LocalDate from, LocalDate to, String fleetId, String programId, String item) {
    return UUID.nameUUIDFromBytes((from + "/" + to + "/" + fleetId + "/" + programId + "/" + item)
        .getBytes(StandardCharsets.UTF_8)).toString();
  }

  public record Line(String item, double quantity, String unit, BigDecimal amountUsd) {
  }
}
