package energy.vgf.flink.vehicle;

import energy.vgf.charging.ChargerMeterValue;
import energy.vgf.charging.ChargerStatus;
import energy.vgf.charging.ChargingSession;
import energy.vgf.dispatch.DispatchAck;
import energy.vgf.flink.ingest.DeadLetters;
import energy.vgf.ops.DeadLetter;
import energy.vgf.schemas.Topics;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by charger id: remembers each charger's site and the vehicle on it, so that charger records that
 * do not name the vehicle (a meter value, an AVAILABLE status after unplugging) still reach the right
 * vehicle, and DispatchAcks (which name only the charger) reach the right site.
 */
public final class ChargerStateFunction extends KeyedProcessFunction<String, ChargerInput, VehicleInput> {
  private static final long serialVersionUID = 1L;

  public static final OutputTag<AckEvent> ACKS = new OutputTag<>("acks", TypeInformation.of(AckEvent.class));
  public static final OutputTag<DeadLetter> UNMAPPED = new OutputTag<>("unmapped-charger-records", new AvroTypeInfo<>(DeadLetter.class));

  private transient ValueState<ChargerState> state;
  private transient Counter unmapped;

  @Override
  public void open(OpenContext ctx) {
    state = getRuntimeContext().getState(new ValueStateDescriptor<>("charger-state", TypeInformation.of(ChargerState.class)));
    unmapped = getRuntimeContext().getMetricGroup().addGroup("vgf").counter("unmappedChargerRecords");
  }

  @Override
  public void processElement(ChargerInput in, Context ctx, Collector<VehicleInput> out) throws Exception {
    ChargerState s = state.value();
    if (s == null) {
      s = new ChargerState();
    }
    if (in.status != null) {
      ChargerStatus st = in.status;
      remember(s, st.getSiteId(), st.getVehicleId(), st.getTs().toEpochMilli());
      String vehicle = s.vehicleId;
      if (vehicle != null) {
        out.collect(VehicleInput.of(st.getVehicleId() != null ? st
            : ChargerStatus.newBuilder(st).setVehicleId(vehicle).setSiteId(s.siteId).build()));
      }
      switch (st.getStatus()) {
        case AVAILABLE, UNAVAILABLE, FAULTED -> {
          if (st.getTs().toEpochMilli() >= s.vehicleTsMs) {
            s.vehicleId = null; // the connector is free: the next vehicle will be named by its session
          }
        }
        default -> {
        }
      }
    } else if (in.session != null) {
      ChargingSession se = in.session;
      remember(s, se.getSiteId(), se.getVehicleId(), se.getTs().toEpochMilli());
      if (s.vehicleId != null) {
        out.collect(VehicleInput.of(se.getVehicleId() != null ? se
            : ChargingSession.newBuilder(se).setVehicleId(s.vehicleId).setSiteId(s.siteId).build()));
      }
      if (se.getEvent() == energy.vgf.charging.SessionEvent.ENDED && se.getTs().toEpochMilli() >= s.vehicleTsMs) {
        s.vehicleId = null;
      }
    } else if (in.meter != null) {
      ChargerMeterValue m = in.meter;
      remember(s, m.getSiteId(), m.getVehicleId(), m.getTs().toEpochMilli());
      if (s.vehicleId != null) {
        out.collect(VehicleInput.of(m.getVehicleId() != null ? m
            : ChargerMeterValue.newBuilder(m).setVehicleId(s.vehicleId).setSiteId(s.siteId).build()));
      }
    } else if (in.ack != null) {
      DispatchAck a = in.ack;
      if (s.siteId == null) {
        unmapped.inc();
        ctx.output(UNMAPPED, DeadLetters.ofRecord(Topics.DISPATCH_ACK, a,
            "ack for charger " + a.getChargerId() + " whose site is not known yet (no status, session or meter value seen)",
            "UnmappedCharger", "flink:charger-state"));
      } else {
        AckEvent e = new AckEvent();
        e.siteId = s.siteId;
        e.chargerId = a.getChargerId();
        e.setpointId = a.getSetpointId();
        e.status = a.getStatus().name();
        e.tsMs = a.getTs().toEpochMilli();
        e.detail = a.getDetail();
        ctx.output(ACKS, e);
      }
    }
    state.update(s);
  }

  private static void remember(ChargerState s, String siteId, String vehicleId, long tsMs) {
    if (siteId != null) {
      s.siteId = siteId;
    }
    if (vehicleId != null && tsMs >= s.vehicleTsMs) {
      s.vehicleId = vehicleId;
      s.vehicleTsMs = tsMs;
    }
  }
}
