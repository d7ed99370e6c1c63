package energy.vgf.settlement.savings;

import energy.vgf.lakehouse.tables.LakeTables;
import energy.vgf.settlement.Rows;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.table.data.RowData;
import org.apache.flink.util.Collector;
import org.apache.iceberg.Schema;

/** Per vehicle: the last telemetry observation of each 15-minute interval (curated.vehicle_soc_15min). */
final class VehicleSoc extends KeyedProcessFunction<String, VehicleSoc.Observation, RowData> {

  /** One telemetry observation (Flink POJO). */
  public static class Observation {
    public String vehicleId;
    public String fleetId;
    public String depotId;
    public String status;
    public long tsMs;
    public double socPct = Double.NaN;

    public Observation() {
    }
  }

  private final long curatedFromMs;
  private final long curatedToMs;
  private transient ListState<Observation> observations;
  private transient Schema schema;

  VehicleSoc(long curatedFromMs, long curatedToMs) {
    this.curatedFromMs = curatedFromMs;
    this.curatedToMs = curatedToMs;
  }

  @Override
  public void open(org.apache.flink.api.common.functions.OpenContext ctx) {
    observations = getRuntimeContext().getListState(new ListStateDescriptor<>("observations", Observation.class));
    schema = LakeTables.get(LakeTables.VEHICLE_SOC_15MIN).schema();
  }

  @Override
  public void processElement(Observation o, Context ctx, Collector<RowData> out) throws Exception {
    if (o.tsMs >= curatedFromMs && o.tsMs < curatedToMs) {
      observations.add(o);
      ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE - 1);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<RowData> out) throws Exception {
    List<Observation> list = new ArrayList<>();
    observations.get().forEach(list::add);
    observations.clear();
    list.sort(Comparator.comparingLong((Observation o) -> o.tsMs).thenComparingDouble(o -> o.socPct));
    Map<Long, Observation> last = new TreeMap<>();
    for (Observation o : list) {
      last.put(Math.floorDiv(o.tsMs, Counterfactual.INTERVAL_MS) * Counterfactual.INTERVAL_MS, o);
    }
    last.forEach((start, o) -> out.collect(new Rows.Builder(schema).set("vehicle_id", o.vehicleId)
        .set("fleet_id", o.fleetId).set("depot_id", o.depotId).set("interval_start", start)
        .set("soc_pct", Double.isNaN(o.socPct) ? null : o.socPct).set("status", o.status).build()));
  }
}
