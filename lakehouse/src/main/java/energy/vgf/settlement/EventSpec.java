package energy.vgf.settlement;

import energy.vgf.settlement.baseline.BaselineMethod;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/** A DR event as the settlement job needs it: from raw.grid_constraint plus the program's configuration. */
record EventSpec(String eventId, String programId, long startMs, long endMs, BaselineMethod method,
                 BigDecimal programRatePerKwh, String lmpNode, String zoneId, List<LocalDate> extraHolidays,
                 LocalDate settlementDate, List<String> siteIds) implements Serializable {
}
