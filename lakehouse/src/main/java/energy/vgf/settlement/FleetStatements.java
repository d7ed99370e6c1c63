package energy.vgf.settlement;

import energy.vgf.lakehouse.tables.LakeTables;
import energy.vgf.settlement.statements.StatementLines;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.table.data.RowData;
import org.apache.flink.util.Collector;
import org.apache.iceberg.Schema;

/** Turns each payment row into its statement lines (settlement.statement, SettlementRecord shape). */
final class FleetStatements implements FlatMapFunction<RowData, RowData> {

  private final LocalDate from;
  private final LocalDate to;
  /** Program id -> IANA zone: each program's statement period is stamped with its own local midnights. */
  private final Map<String, String> zoneByProgram;
  private final Instant computedAt;
  private final Map<String, Long> inputSnapshots;

  FleetStatements(LocalDate from, LocalDate to, Map<String, String> zoneByProgram, Instant computedAt,
                  Map<String, Long> inputSnapshots) {
    this.from = from;
    this.to = to;
    this.zoneByProgram = zoneByProgram;
    this.computedAt = computedAt;
    this.inputSnapshots = inputSnapshots;
  }

  @Override
  public void flatMap(RowData payment, Collector<RowData> out) {
    Schema paySchema = LakeTables.get(LakeTables.PAYMENT).schema();
    Schema schema = LakeTables.get(LakeTables.STATEMENT).schema();
    String program = payment.getString(pos(paySchema, "program_id")).toString();
    String fleet = payment.getString(pos(paySchema, "fleet_id")).toString();
    String site = payment.getString(pos(paySchema, "site_id")).toString();
    double kwh = payment.getDouble(pos(paySchema, "reduction_kwh"));
    BigDecimal gross = payment.getDecimal(pos(paySchema, "program_payment_usd"), 18, 4).toBigDecimal();
    BigDecimal credit = payment.getDecimal(pos(paySchema, "fleet_credit_usd"), 18, 4).toBigDecimal();
    emit(out, schema, fleet, site, program, "DR_PERFORMANCE", kwh, "kWh", gross);
    emit(out, schema, fleet, site, program, "PAYMENT", kwh, "kWh", gross);
    emit(out, schema, fleet, site, program, "CREDIT", kwh, "kWh", credit);
  }

  private void emit(Collector<RowData> out, Schema schema, String fleet, String site, String program, String item,
                    double qty, String unit, BigDecimal amount) {
    ZoneId zone = ZoneId.of(zoneByProgram.get(program));
    out.collect(new Rows.Builder(schema)
        .set("record_id", StatementLines.recordId(from, to, fleet, program + "/" + site, item))
        .set("period_start", from.atStartOfDay(zone).toInstant()).set("period_end", to.atStartOfDay(zone).toInstant())
        .set("fleet_id", fleet).set("site_id", site).set("program_id", program).set("item", item)
        .set("quantity", qty).set("quantity_unit", unit).set("amount_usd", amount)
        .set("computed_at", computedAt).set("input_snapshots", inputSnapshots).build());
  }

  private static int pos(Schema s, String name) {
    return s.columns().indexOf(s.findField(name));
  }
}
