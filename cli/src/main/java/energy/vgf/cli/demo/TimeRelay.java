package energy.vgf.cli.demo;

import energy.vgf.dispatch.DispatchAck;
import energy.vgf.dispatch.DispatchSetpoint;
import energy.vgf.dispatch.SetpointReason;
import energy.vgf.schemas.Topics;
import energy.vgf.serde.kafka.VgfAvroDeserializer;
import energy.vgf.serde.kafka.VgfAvroSerializer;
import energy.vgf.simulator.twin.TwinClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Joins the two time lines of the accelerated demo. The bridge and the chargers run on the wall clock, the
 * scenario (and so the Flink jobs' event time) on the simulated clock; the twin's {@link TwinClock} maps one to
 * the other. The demo therefore runs two brokers: the "field" broker of the bridge (wall clock) and the
 * "platform" broker of the simulator streams and the Flink jobs (simulated clock). This relay copies
 * <ul>
 *   <li>charger status, sessions, meter values and acks field -> platform, every timestamp mapped with
 *       {@link TwinClock#toSim}, so the core job sees them on the same time line as the telemetry;</li>
 *   <li>dispatch setpoints platform -> field, with {@code valid_from}/{@code valid_to} mapped with
 *       {@link TwinClock#toWall}, as simulator/README.md ("Time model") asks of a dispatcher.</li>
 * </ul>
 * Without a topic-name or clock hook in flink-jobs and the bridge this is the least invasive join; see the
 * demo's report for the upstream change that would make it unnecessary.
 */
final class TimeRelay implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TimeRelay.class);

  static final List<String> FIELD_TO_PLATFORM = List.of(Topics.CHARGER_STATUS, Topics.CHARGING_SESSION,
      Topics.CHARGER_METER, Topics.DISPATCH_ACK);

  private final TwinClock clock;
  private final List<Pump> pumps = new ArrayList<>();
  private final AtomicLong toPlatform = new AtomicLong();
  private final AtomicLong toField = new AtomicLong();
  private final SetpointLatency latency = new SetpointLatency();

  TimeRelay(String fieldBootstrap, String platformBootstrap, String registryUrl, TwinClock clock) {
    this.clock = clock;
    pumps.add(new Pump("relay-to-platform", fieldBootstrap, platformBootstrap, registryUrl, FIELD_TO_PLATFORM,
        clock::toSim, toPlatform));
    pumps.add(new Pump("relay-to-field", platformBootstrap, fieldBootstrap, registryUrl,
        List.of(Topics.DISPATCH_SETPOINT), clock::toWall, toField));
    pumps.forEach(p -> p.thread.start());
  }

  long recordsToPlatform() {
    return toPlatform.get();
  }

  long setpointsToField() {
    return toField.get();
  }

  /** Where the setpoints' time went, stage by stage (see {@link SetpointLatency}). */
  SetpointLatency latency() {
    return latency;
  }

  /** Records read per direction (written or not), for the demo's diagnostics. */
  String consumedSummary() {
    return pumps.get(0).consumed.get() + " read from the field, " + pumps.get(1).consumed.get() + " from the platform";
  }

  @Override
  public void close() {
    pumps.forEach(Pump::stop);
  }

  /**
   * Every timestamp-millis field (plain or nullable) of the record, and of the records nested in it (a setpoint's
   * steps), mapped with {@code map}, in place.
   */
  static void mapTimestamps(SpecificRecordBase record, UnaryOperator<Instant> map) {
    for (Schema.Field f : record.getSchema().getFields()) {
      Object value = record.get(f.pos());
      if (isTimestamp(f.schema()) && value instanceof Instant t) {
        record.put(f.pos(), map.apply(t));
      } else if (value instanceof SpecificRecordBase nested) {
        mapTimestamps(nested, map);
      } else if (value instanceof List<?> items) {
        for (Object item : items) {
          if (item instanceof SpecificRecordBase nested) {
            mapTimestamps(nested, map);
          }
        }
      }
    }
  }

  private static boolean isTimestamp(Schema s) {
    if (s.getType() == Schema.Type.UNION) {
      return s.getTypes().stream().anyMatch(TimeRelay::isTimestamp);
    }
    return s.getLogicalType() instanceof LogicalTypes.TimestampMillis;
  }

  private final class Pump implements Runnable {
    final Thread thread;
    final KafkaConsumer<String, Object> consumer;
    final KafkaProducer<String, Object> producer;
    final List<String> topics;
    final UnaryOperator<Instant> map;
    final AtomicLong count;
    final boolean toPlatform;
    final AtomicLong consumed = new AtomicLong();
    volatile boolean running = true;

    Pump(String name, String from, String to, String registryUrl, List<String> topics, UnaryOperator<Instant> map,
        AtomicLong count) {
      Map<String, Object> serde = Map.of("schema.registry.url", registryUrl);
      this.consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, from,
          ConsumerConfig.GROUP_ID_CONFIG, "vgf-demo-" + name, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
          // Setpoints from a transactional sink become visible on commit only.
          ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
          new StringDeserializer(), new VgfAvroDeserializer<>(serde, false));
      this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, to,
          ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.LINGER_MS_CONFIG, 0),
          new StringSerializer(), new VgfAvroSerializer<>(serde, false));
      this.topics = topics;
      this.map = map;
      this.count = count;
      this.toPlatform = topics.equals(FIELD_TO_PLATFORM);
      this.thread = new Thread(this, "vgf-demo-" + name);
      this.thread.setDaemon(true);
    }

    @Override
    public void run() {
      try {
        // Nothing maps before the twin pins simulated start to the wall clock.
        clock.started().join();
        consumer.subscribe(topics);
        while (running) {
          for (ConsumerRecord<String, Object> r : consumer.poll(Duration.ofMillis(50))) {
            if (!(r.value() instanceof SpecificRecordBase value)) {
              continue; // tombstones: nothing to relay
            }
            consumed.incrementAndGet();
            if (value instanceof DispatchAck ack) {
              latency.acked(ack);
            } else if (value instanceof DispatchSetpoint sp) {
              // created_at is the job's wall clock already; valid_from is simulated
              latency.relayed(sp.getSetpointId(), sp.getReason() == SetpointReason.REPLAN, sp.getCreatedAt().toEpochMilli(),
                  map.apply(sp.getValidFrom()),
                  System.currentTimeMillis());
            }
            Instant createdAt = value instanceof DispatchSetpoint sp ? sp.getCreatedAt() : null;
            mapTimestamps(value, map);
            if (createdAt != null) {
              // The job's wall clock already, not simulated time: nothing to map.
              ((DispatchSetpoint) value).setCreatedAt(createdAt);
            }
            // Records keep their event time as the Kafka timestamp on the platform side (the core job's sources
            // read event time from the values anyway); towards the bridge the producer stamps wall-clock now, since
            // Flink's sink leaves the timestamp to the producer and the broker rejects far-future timestamps.
            Long ts = toPlatform ? Long.valueOf(map.apply(Instant.ofEpochMilli(r.timestamp())).toEpochMilli()) : null;
            producer.send(new ProducerRecord<>(r.topic(), null, ts, r.key(), value), (meta, e) -> {
              if (e != null) {
                LOG.warn("demo time relay could not write to {}: {}", r.topic(), e.toString());
              } else {
                count.incrementAndGet();
              }
            });
          }
          producer.flush();
        }
      } catch (WakeupException stopping) {
        // close() woke the poll
      } catch (RuntimeException e) {
        LOG.error("demo time relay {} failed: {}; the demo's KPIs will show the missing data", topics, e.toString());
      } finally {
        consumer.close(Duration.ofSeconds(2));
        producer.close(Duration.ofSeconds(2));
      }
    }

    void stop() {
      running = false;
      consumer.wakeup();
      try {
        thread.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
