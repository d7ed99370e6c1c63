package energy.vgf.ocpp.kafka;

import energy.vgf.dispatch.DispatchSetpoint;
import energy.vgf.schemas.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes DispatchSetpoint records and hands them to the bridge. It assigns itself this instance's share of the
 * partitions (no consumer group: the share is fixed by {@link KafkaSettings#instanceIndex()}, so the charger's
 * WebSocket and its setpoints meet in the same instance). At start it rewinds to {@code lookback} before now, so a
 * restarted bridge knows every setpoint still valid and can re-send it when the charger reconnects.
 */
public final class KafkaSetpointSource implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaSetpointSource.class);
  private final KafkaConsumer<String, Object> consumer;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile boolean assigned;

  public KafkaSetpointSource(KafkaSettings settings, Duration lookback, Consumer<DispatchSetpoint> target) {
    this.consumer = new KafkaConsumer<>(settings.consumer(false));
    List<TopicPartition> mine = consumer.partitionsFor(Topics.DISPATCH_SETPOINT).stream()
        .filter(p -> p.partition() % settings.instanceCount() == settings.instanceIndex())
        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    consumer.assign(mine);
    Map<TopicPartition, Long> since = new HashMap<>();
    long from = Instant.now().minus(lookback).toEpochMilli();
    mine.forEach(tp -> since.put(tp, from));
    Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(since);
    for (TopicPartition tp : mine) {
      OffsetAndTimestamp o = offsets.get(tp);
      if (o != null) {
        consumer.seek(tp, o.offset());
      } else {
        consumer.seekToEnd(List.of(tp));
      }
    }
    this.thread = new Thread(() -> run(target), "ocpp-bridge-setpoints");
    thread.setDaemon(true);
    thread.start();
    LOG.info("consuming {} partitions of {}: {}", mine.size(), Topics.DISPATCH_SETPOINT, mine);
  }

  private void run(Consumer<DispatchSetpoint> target) {
    try {
      while (running) {
        for (ConsumerRecord<String, Object> r : consumer.poll(Duration.ofMillis(500))) {
          if (r.value() instanceof DispatchSetpoint sp) {
            target.accept(sp);
          } else {
            LOG.warn("skipping record at {}-{}@{}: not a DispatchSetpoint", r.topic(), r.partition(), r.offset());
          }
        }
        // Position is known after the first poll: from then on new setpoints are seen.
        assigned = true;
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      LOG.error("setpoint consumer stopped: {}; the bridge delivers no new setpoints until restarted", e.toString(), e);
    } finally {
      consumer.close();
    }
  }

  public boolean isPolling() {
    return assigned;
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
