package energy.vgf.ocpp.bridge;

import energy.vgf.charging.ChargerMeterValue;
import energy.vgf.charging.ChargerStatus;
import energy.vgf.charging.ChargingSession;
import energy.vgf.dispatch.DispatchAck;

/**
 * Where the bridge sends what it learns from chargers. The Kafka implementation publishes each record to its
 * catalogue topic keyed by charger id; implementations must be thread-safe and must not block for long (they run
 * on connection threads).
 */
public interface ChargerEventSink extends AutoCloseable {
  void status(ChargerStatus status);

  void session(ChargingSession session);

  void meter(ChargerMeterValue meterValue);

  void ack(DispatchAck ack);

  @Override
  default void close() {}
}
