package energy.vgf.settlement.savings;

import energy.vgf.lakehouse.tables.LakeTables;
import energy.vgf.settlement.Rows;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.table.data.RowData;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.apache.iceberg.Schema;

/**
 * Per session: the latest lifecycle record of raw.charging_session (ENDED wins a tie) becomes one curated.session
 * row with its departure requirement (raw.fleet_constraint) and SoC compliance, and the session's uncontrolled
 * counterfactual ({@link Counterfactual}) goes to the site as 15-minute parts.
 */
final class SessionRollup extends KeyedProcessFunction<String, SessionRollup.Event, RowData> {

  static final OutputTag<SiteInterval> COUNTERFACTUAL =
      new OutputTag<>("session-counterfactual", TypeInformation.of(SiteInterval.class));

  /** One lifecycle record (Flink POJO); absent values are NaN / -1 / null. */
  public static class Event {
    public String sessionId;
    public String chargerId;
    public String siteId;
    public String vehicleId;
    public String event;
    public long tsMs;
    public long startedMs;
    public long endedMs = -1;
    public double energyKwh;
    public double dischargedKwh;
    public double socPct = Double.NaN;

    public Event() {
    }

    boolean laterThan(Event o) {
      if (tsMs != o.tsMs) {
        return tsMs > o.tsMs;
      }
      return rank(event) > rank(o.event);
    }

    private static int rank(String e) {
      return "ENDED".equals(e) ? 2 : "UPDATED".equals(e) ? 1 : 0;
    }
  }

  private final Map<String, SiteInfo> sites;
  private final Map<String, List<Departure>> departuresByVehicle;
  private final double uncontrolledPowerKw;
  private final long curatedFromMs;
  private final long curatedToMs;
  private transient ValueState<Event> latest;
  private transient Schema schema;

  SessionRollup(Map<String, SiteInfo> sites, Map<String, List<Departure>> departuresByVehicle, double uncontrolledPowerKw,
                long curatedFromMs, long curatedToMs) {
    this.sites = sites;
    this.departuresByVehicle = departuresByVehicle;
    this.uncontrolledPowerKw = uncontrolledPowerKw;
    this.curatedFromMs = curatedFromMs;
    this.curatedToMs = curatedToMs;
  }

  @Override
  public void open(org.apache.flink.api.common.functions.OpenContext ctx) {
    latest = getRuntimeContext().getState(new ValueStateDescriptor<>("latest", Event.class));
    schema = LakeTables.get(LakeTables.SESSION).schema();
  }

  @Override
  public void processElement(Event e, Context ctx, Collector<RowData> out) throws Exception {
    Event cur = latest.value();
    if (cur == null) {
      ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE - 1);
    }
    if (cur == null || e.laterThan(cur)) {
      if (cur != null) {
        // keep what only earlier records carried (the vehicle may be known from the start only)
        e.vehicleId = e.vehicleId != null ? e.vehicleId : cur.vehicleId;
        e.siteId = e.siteId != null ? e.siteId : cur.siteId;
      }
      latest.update(e);
    } else if (cur.vehicleId == null && e.vehicleId != null) {
      cur.vehicleId = e.vehicleId;
      latest.update(cur);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<RowData> out) throws Exception {
    Event e = latest.value();
    latest.clear();
    if (e == null || e.siteId == null || !sites.containsKey(e.siteId)) {
      return;
    }
    SiteInfo site = sites.get(e.siteId);
    // Counterfactual: the energy the vehicle kept (energy_kwh is net of V2G discharge), charged uncontrolled.
    Counterfactual.uncontrolled(e.startedMs, e.energyKwh, uncontrolledPowerKw).forEach((start, kwh) ->
        ctx.output(COUNTERFACTUAL, SiteInterval.counterfactual(e.siteId, start, "session:" + e.sessionId, kwh)));
    if (e.startedMs < curatedFromMs || e.startedMs >= curatedToMs) {
      return;
    }
    Departure dep = departure(e);
    Double soc = Double.isNaN(e.socPct) ? null : e.socPct;
    out.collect(new Rows.Builder(schema).set("session_id", e.sessionId).set("charger_id", e.chargerId)
        .set("site_id", e.siteId).set("fleet_id", site.fleetId()).set("vehicle_id", e.vehicleId)
        .set("plugged_in_at", e.startedMs).set("ended_at", e.endedMs < 0 ? null : e.endedMs)
        .set("departure_at", dep == null ? null : dep.departureMs())
        .set("energy_kwh", e.energyKwh).set("discharged_kwh", e.dischargedKwh)
        .set("required_soc_pct", dep == null ? null : dep.requiredSocPct())
        .set("soc_at_departure_pct", e.endedMs < 0 ? null : soc)
        .set("soc_met", dep == null || soc == null || e.endedMs < 0 ? null : soc >= dep.requiredSocPct())
        .build());
  }

  /** The vehicle's first departure requirement at or after plug-in and within a day of it. */
  private Departure departure(Event e) {
    if (e.vehicleId == null) {
      return null;
    }
    Departure best = null;
    for (Departure d : departuresByVehicle.getOrDefault(e.vehicleId, List.of())) {
      if (d.departureMs() >= e.startedMs && d.departureMs() <= e.startedMs + 86_400_000L
          && (best == null || d.departureMs() < best.departureMs())) {
        best = d;
      }
    }
    return best;
  }
}
