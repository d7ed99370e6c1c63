package energy.vgf.ocpp.bridge;

import energy.vgf.charging.ChargerMeterValue;
import energy.vgf.charging.ChargerStatus;
import energy.vgf.charging.ChargingSession;
import energy.vgf.dispatch.DispatchAck;
import java.util.concurrent.CompletableFuture;

/**
 * Where the bridge sends what it learns from chargers. The Kafka implementation publishes each record to its
 * catalogue topic keyed by charger id.
 *
 * <p>Implementations must be thread-safe and must never block: they run on WebSocket threads. Each method returns
 * a future that completes once the record is stored durably (for Kafka: acknowledged by all in-sync replicas), or
 * exceptionally when it cannot be stored within the sink's bound (memory or time). The bridge answers a charger's
 * transaction-related messages only from that future, so the charger keeps and retries what was not stored.
 * Records of one charger must be stored in the order the methods were called.
 */
public interface ChargerEventSink extends AutoCloseable {
  CompletableFuture<Void> status(ChargerStatus status);

  CompletableFuture<Void> session(ChargingSession session);

  CompletableFuture<Void> meter(ChargerMeterValue meterValue);

  CompletableFuture<Void> ack(DispatchAck ack);

  @Override
  default void close() {}
}
