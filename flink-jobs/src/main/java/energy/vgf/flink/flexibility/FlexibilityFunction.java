package energy.vgf.flink.flexibility;

import energy.vgf.flexibility.FlexibilityWindow;
import energy.vgf.flink.config.JobConfig;
import energy.vgf.flink.vehicle.VehicleSnapshot;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by site: tumbling event-time windows of the site's flexibility. A window's content is the state of
 * every vehicle at its end, not only the vehicles that reported within it (a plugged-in vehicle that stays
 * silent is still flexible), so this keeps the site's vehicles in MapState and fires an event-time timer at
 * each window's last millisecond, like Flink's own windows. Windows keep firing while vehicles are plugged in.
 */
public final class FlexibilityFunction extends KeyedProcessFunction<String, VehicleSnapshot, FlexibilityWindow> {
  private static final long serialVersionUID = 1L;

  private final long windowMs;
  private final FlexibilityCalculator calculator;
  private transient MapState<String, VehicleSnapshot> vehicles;
  private transient ValueState<Long> nextWindowEnd;
  private transient Counter windowsOut;

  public FlexibilityFunction(JobConfig config) {
    this.windowMs = config.flexibilityWindowMinutes() * 60_000L;
    this.calculator = new FlexibilityCalculator(config.fleet(), config.dispatchIntervalMinutes(), config.flexibilityHorizonIntervals());
  }

  @Override
  public void open(OpenContext ctx) {
    vehicles = getRuntimeContext().getMapState(new MapStateDescriptor<>("site-vehicles", Types.STRING, TypeInformation.of(VehicleSnapshot.class)));
    nextWindowEnd = getRuntimeContext().getState(new ValueStateDescriptor<>("next-window-end", Types.LONG));
    windowsOut = getRuntimeContext().getMetricGroup().addGroup("vgf").counter("flexibilityWindowsOut");
  }

  @Override
  public void processElement(VehicleSnapshot v, Context ctx, Collector<FlexibilityWindow> out) throws Exception {
    if (v.present) {
      VehicleSnapshot known = vehicles.get(v.vehicleId);
      if (known == null || known.tsMs <= v.tsMs) {
        vehicles.put(v.vehicleId, v);
      }
    } else {
      vehicles.remove(v.vehicleId);
    }
    if (nextWindowEnd.value() == null) {
      long end = Math.floorDiv(v.tsMs, windowMs) * windowMs + windowMs;
      nextWindowEnd.update(end);
      ctx.timerService().registerEventTimeTimer(end - 1);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<FlexibilityWindow> out) throws Exception {
    long end = timestamp + 1;
    out.collect(calculator.compute(ctx.getCurrentKey(), end - windowMs, end, vehicles.values()));
    windowsOut.inc();
    boolean anyPlugged = false;
    for (VehicleSnapshot v : vehicles.values()) {
      anyPlugged |= v.pluggedIn;
    }
    if (anyPlugged) {
      nextWindowEnd.update(end + windowMs);
      ctx.timerService().registerEventTimeTimer(end + windowMs - 1);
    } else {
      nextWindowEnd.clear(); // the next snapshot starts the windows again
    }
  }
}
