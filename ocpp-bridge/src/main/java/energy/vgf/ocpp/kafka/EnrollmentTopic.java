package energy.vgf.ocpp.kafka;

import energy.vgf.charging.ChargerEnrollment;
import energy.vgf.ocpp.security.ChargerRegistry;
import energy.vgf.ocpp.security.EnrolledCharger;
import energy.vgf.schemas.Topics;
import energy.vgf.serde.kafka.VgfAvroDeserializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compacted enrolment topic: operators write ChargerEnrollment records (a tombstone removes a charger), the
 * bridge reads the topic whole at start and then follows it, so new chargers are accepted without a restart.
 */
public final class EnrollmentTopic {
  private static final Logger LOG = LoggerFactory.getLogger(EnrollmentTopic.class);

  private EnrollmentTopic() {}

  /** Writes an enrolment and waits until the broker has it. */
  public static void publish(KafkaSettings settings, EnrolledCharger charger) {
    try (KafkaProducer<String, Object> p = new KafkaProducer<>(settings.producer())) {
      p.send(new ProducerRecord<>(Topics.CHARGER_ENROLLMENT, charger.chargerId(), charger.toRecord())).get(30,
          TimeUnit.SECONDS);
    } catch (InterruptedException | ExecutionException | TimeoutException e) {
      throw new IllegalStateException("could not enrol " + charger.chargerId() + ": " + e, e);
    }
  }

  /** Writes a tombstone: compaction eventually drops the charger's record, the bridge drops it at once. */
  public static void remove(KafkaSettings settings, String chargerId) {
    try (KafkaProducer<String, Object> p = new KafkaProducer<>(settings.producer())) {
      p.send(new ProducerRecord<>(Topics.CHARGER_ENROLLMENT, chargerId, null)).get(30, TimeUnit.SECONDS);
    } catch (InterruptedException | ExecutionException | TimeoutException e) {
      throw new IllegalStateException("could not remove " + chargerId + ": " + e, e);
    }
  }

  /** Reads the topic to its current end. */
  public static Map<String, EnrolledCharger> readAll(KafkaSettings settings) {
    ChargerRegistry registry = new ChargerRegistry();
    try (Follower f = follow(settings, registry, Duration.ofSeconds(30))) {
      Map<String, EnrolledCharger> all = new TreeMap<>();
      registry.all().forEach(c -> all.put(c.chargerId(), c));
      return all;
    }
  }

  /** Loads the whole topic into the registry (blocking up to {@code timeout}) and keeps following it. */
  public static Follower follow(KafkaSettings settings, ChargerRegistry registry, Duration timeout) {
    return new Follower(settings, registry, timeout);
  }

  /** Follows the enrolment topic on its own thread. */
  public static final class Follower implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final VgfAvroDeserializer<ChargerEnrollment> deserializer;
    private final Thread thread;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private volatile boolean running = true;

    Follower(KafkaSettings settings, ChargerRegistry registry, Duration timeout) {
      Map<String, Object> config = settings.consumer(true);
      consumer = new KafkaConsumer<>(config);
      deserializer = new VgfAvroDeserializer<>(config, false);
      List<TopicPartition> partitions = new ArrayList<>();
      consumer.partitionsFor(Topics.CHARGER_ENROLLMENT)
          .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      thread = new Thread(() -> run(registry, end), "ocpp-bridge-enrolment");
      thread.setDaemon(true);
      thread.start();
      try {
        if (!caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          throw new IllegalStateException("enrolment topic " + Topics.CHARGER_ENROLLMENT + " not read within "
              + timeout + "; is the broker reachable?");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while reading enrolments", e);
      }
    }

    private void run(ChargerRegistry registry, Map<TopicPartition, Long> end) {
      try {
        while (running) {
          for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
            if (r.value() == null) {
              registry.remove(r.key());
              continue;
            }
            try {
              registry.put(EnrolledCharger.from(deserializer.deserialize(r.topic(), r.value())));
            } catch (RuntimeException e) {
              LOG.error("enrolment of {} at offset {} unreadable, skipped: {}", r.key(), r.offset(), e.toString());
            }
          }
          if (caughtUp.getCount() > 0
              && end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
            LOG.info("{} enrolled chargers loaded", registry.size());
            caughtUp.countDown();
          }
        }
      } catch (WakeupException e) {
        // closing
      } catch (RuntimeException e) {
        LOG.error("enrolment consumer stopped: {}; new chargers are not picked up until restart", e.toString(), e);
      } finally {
        consumer.close();
      }
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
}
