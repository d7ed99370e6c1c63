package energy.vgf.settlement;

import energy.vgf.lakehouse.tables.LakeTables;
import energy.vgf.settlement.payments.PaymentSplit;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.table.data.RowData;
import org.apache.flink.util.Collector;
import org.apache.iceberg.Schema;

/** Per program|site: sums the event payments of the period and splits them per contract (settlement.payment). */
final class SitePayments extends KeyedProcessFunction<String, PaymentPart, RowData> {

  private final SettlementConfig config;
  private final LocalDate from;
  private final LocalDate to;
  private final Map<String, Long> inputSnapshots;
  private transient ValueState<Acc> acc;
  private transient Schema schema;

  /** Accumulator (Flink POJO). */
  public static class Acc {
    public String programId;
    public String siteId;
    public double reductionKwh;
    public BigDecimal paymentUsd = BigDecimal.ZERO;
    public int flagged;
    public HashSet<String> events = new HashSet<>();
  }

  SitePayments(SettlementConfig config, LocalDate from, LocalDate to, Map<String, Long> inputSnapshots) {
    this.config = config;
    this.from = from;
    this.to = to;
    this.inputSnapshots = inputSnapshots;
  }

  @Override
  public void open(org.apache.flink.api.common.functions.OpenContext ctx) {
    acc = getRuntimeContext().getState(new ValueStateDescriptor<>("acc", Acc.class));
    schema = LakeTables.get(LakeTables.PAYMENT).schema();
  }

  @Override
  public void processElement(PaymentPart p, Context ctx, Collector<RowData> out) throws Exception {
    Acc a = acc.value();
    if (a == null) {
      a = new Acc();
      a.programId = p.programId;
      a.siteId = p.siteId;
      ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE - 1);
    }
    a.reductionKwh += p.reductionKwh;
    a.paymentUsd = a.paymentUsd.add(p.paymentUsd);
    a.flagged += p.flaggedIntervals;
    a.events.add(p.eventId);
    acc.update(a);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<RowData> out) throws Exception {
    Acc a = acc.value();
    acc.clear();
    SettlementConfig.Contract c = config.contractFor(a.programId, a.siteId);
    // A site in an event but under no contract: the program still pays, nothing is credited to a fleet.
    PaymentSplit split = PaymentSplit.of(a.paymentUsd, c == null ? BigDecimal.ZERO : c.fleetSharePct());
    out.collect(new Rows.Builder(schema)
        .set("period_start", from).set("period_end", to).set("program_id", a.programId)
        .set("fleet_id", c == null ? "UNENROLLED" : c.fleetId()).set("site_id", a.siteId)
        .set("events", a.events.size()).set("reduction_kwh", Math.round(a.reductionKwh * 1e6) / 1e6)
        .set("flagged_intervals", a.flagged).set("program_payment_usd", split.programPaymentUsd())
        .set("fleet_credit_usd", split.fleetCreditUsd()).set("aggregator_share_usd", split.aggregatorShareUsd())
        .set("input_snapshots", inputSnapshots).build());
  }
}
