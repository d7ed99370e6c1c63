package energy.vgf.ocpp.bridge;

import energy.vgf.charging.ChargerMeterValue;
import energy.vgf.charging.ChargerStatus;
import energy.vgf.charging.ChargingSession;
import energy.vgf.dispatch.DispatchAck;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps everything the bridge publishes, for assertions. */
public final class RecordingSink implements ChargerEventSink {
  public final List<ChargerStatus> statuses = new CopyOnWriteArrayList<>();
  public final List<ChargingSession> sessions = new CopyOnWriteArrayList<>();
  public final List<ChargerMeterValue> meters = new CopyOnWriteArrayList<>();
  public final List<DispatchAck> acks = new CopyOnWriteArrayList<>();

  @Override
  public CompletableFuture<Void> status(ChargerStatus status) {
    statuses.add(status);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletableFuture<Void> session(ChargingSession session) {
    sessions.add(session);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletableFuture<Void> meter(ChargerMeterValue meterValue) {
    meters.add(meterValue);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletableFuture<Void> ack(DispatchAck ack) {
    acks.add(ack);
    return CompletableFuture.completedFuture(null);
  }
}
