package energy.vgf.ocpp.kafka;

import energy.vgf.charging.ChargerMeterValue;
import energy.vgf.charging.ChargerStatus;
import energy.vgf.charging.ChargingSession;
import energy.vgf.dispatch.DispatchAck;
import energy.vgf.ocpp.bridge.ChargerEventSink;
import energy.vgf.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes charger events to the catalogue topics, Avro via the registry, keyed by charger id.
 *
 * <p>{@link KafkaProducer#send} blocks while the producer has no metadata for a partition (a broker restart) or its
 * buffer is full, so callers never call it: they hand records to a bounded queue, and one publisher thread sends them
 * in the order they came (which, with the idempotent producer, keeps each charger's records in order). A record that
 * finds the queue full, or that is not acknowledged within the store timeout, fails its future; the bridge then
 * answers the charger with a CALLERROR and the charger retries.
 */
public final class KafkaChargerEventSink implements ChargerEventSink {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaChargerEventSink.class);
  /** Longer than a broker restart, shorter than a charger's typical CALL timeout (30-60 s). */
  public static final Duration DEFAULT_STORE_TIMEOUT = Duration.ofSeconds(20);
  public static final int DEFAULT_MAX_QUEUED = 10_000;

  private final KafkaProducer<String, Object> producer;
  private final BlockingQueue<Pending> queue;
  private final Duration storeTimeout;
  private final Thread publisher;
  private volatile boolean running = true;

  private record Pending(ProducerRecord<String, Object> record, CompletableFuture<Void> stored) {}

  public KafkaChargerEventSink(KafkaSettings settings) {
    this(settings, DEFAULT_STORE_TIMEOUT, DEFAULT_MAX_QUEUED);
  }

  /**
   * @param storeTimeout how long a record may wait for the broker before its future fails
   * @param maxQueued records waiting for the publisher thread at most; beyond it a record fails at once
   */
  public KafkaChargerEventSink(KafkaSettings settings, Duration storeTimeout, int maxQueued) {
    this.producer = new KafkaProducer<>(settings.producer());
    this.queue = new ArrayBlockingQueue<>(maxQueued);
    this.storeTimeout = storeTimeout;
    this.publisher = new Thread(this::publish, "ocpp-bridge-publisher");
    publisher.setDaemon(true);
    publisher.start();
  }

  private CompletableFuture<Void> send(String topic, String key, Object value) {
    CompletableFuture<Void> stored = new CompletableFuture<>();
    if (!running) {
      stored.completeExceptionally(new SinkUnavailableException("the bridge is shutting down"));
      return stored;
    }
    if (!queue.offer(new Pending(new ProducerRecord<>(topic, key, value), stored))) {
      LOG.warn("could not publish to {} for charger {}: {} records wait for the broker; check the broker", topic, key,
          queue.size());
      stored.completeExceptionally(new SinkUnavailableException(queue.size() + " records wait for the broker"));
      return stored;
    }
    stored.orTimeout(storeTimeout.toMillis(), TimeUnit.MILLISECONDS);
    return stored;
  }

  private void publish() {
    while (running) {
      Pending p;
      try {
        p = queue.poll(200, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (p == null) {
        continue;
      }
      ProducerRecord<String, Object> r = p.record();
      try {
        // May block here (metadata, full buffer); only this thread waits, and the queue bounds what piles up.
        producer.send(r, (meta, e) -> {
          if (e != null) {
            LOG.error("could not publish to {} for charger {}: {}; check the broker and the registry", r.topic(),
                r.key(), e.toString());
            p.stored().completeExceptionally(e);
          } else {
            p.stored().complete(null);
          }
        });
      } catch (RuntimeException e) {
        LOG.error("could not publish to {} for charger {}: {}", r.topic(), r.key(), e.toString());
        p.stored().completeExceptionally(e);
      }
    }
  }

  /** Records waiting for the publisher thread (not yet handed to the producer). */
  public int queued() {
    return queue.size();
  }

  @Override
  public CompletableFuture<Void> status(ChargerStatus status) {
    return send(Topics.CHARGER_STATUS, status.getChargerId(), status);
  }

  @Override
  public CompletableFuture<Void> session(ChargingSession session) {
    return send(Topics.CHARGING_SESSION, session.getChargerId(), session);
  }

  @Override
  public CompletableFuture<Void> meter(ChargerMeterValue meterValue) {
    return send(Topics.CHARGER_METER, meterValue.getChargerId(), meterValue);
  }

  @Override
  public CompletableFuture<Void> ack(DispatchAck ack) {
    return send(Topics.DISPATCH_ACK, ack.getChargerId(), ack);
  }

  @Override
  public void close() {
    running = false;
    try {
      publisher.join(1000);
      // Still blocked in send (no broker): the producer's metadata wait ends with the interrupt.
      publisher.interrupt();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    List<Pending> left = new ArrayList<>();
    queue.drainTo(left);
    left.forEach(p -> p.stored().completeExceptionally(new SinkUnavailableException("the bridge is shutting down")));
    producer.close(Duration.ofSeconds(5));
  }

  /** The sink cannot take or store a record now; the charger is told to retry. */
  public static final class SinkUnavailableException extends RuntimeException {
    SinkUnavailableException(String message) {
      super(message);
    }
  }
}
