package energy.vgf.ocpp.bridge;

import energy.vgf.charging.ChargerMeterValue;
import energy.vgf.charging.ChargerStatus;
import energy.vgf.charging.ChargingSession;
import energy.vgf.dispatch.DispatchAck;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps everything the bridge publishes, for assertions. */
public final class RecordingSink implements ChargerEventSink {
  public final List<ChargerStatus> statuses = new CopyOnWriteArrayList<>();
  public final List<ChargingSession> sessions = new CopyOnWriteArrayList<>();
  public final List<ChargerMeterValue> meters = new CopyOnWriteArrayList<>();
  public final List<DispatchAck> acks = new CopyOnWriteArrayList<>();

  @Override
  public void status(ChargerStatus status) {
    statuses.add(status);
  }

  @Override
  public void session(ChargingSession session) {
    sessions.add(session);
  }

  @Override
  public void meter(ChargerMeterValue meterValue) {
    meters.add(meterValue);
  }

  @Override
  public void ack(DispatchAck ack) {
    acks.add(ack);
  }
}
