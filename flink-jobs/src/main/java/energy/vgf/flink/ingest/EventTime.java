package energy.vgf.flink.ingest;

import energy.vgf.flink.config.JobConfig;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * The one place where event time, watermarks and idleness are set: every source of every job uses it.
 * Bounded out-of-orderness per Kafka partition; a partition silent for {@code source.idleness.ms} of wall-clock
 * time stops holding the watermark back (a quiet charger topic must not freeze dispatch) until its next record.
 *
 * <p>Why not {@code WatermarkStrategy.withIdleness}: in Flink 2.1 it measures silence on the source's input
 * activity clock, which a Kafka split that has nothing to read does not advance here, so such a partition
 * never turned idle and froze the watermark at its last record (seen in {@code CoreAndLakeJobsIT}).
 */
public final class EventTime {
  private EventTime() {
  }

  public static <T> WatermarkStrategy<Envelope<T>> watermarks(JobConfig config, EventTimeExtractor<T> eventTime) {
    long oooMs = config.outOfOrderness().toMillis();
    long idleNanos = config.sourceIdleness().toNanos();
    WatermarkStrategy<Envelope<T>> strategy = ctx -> new IdleAwareBoundedOutOfOrderness<>(oooMs, idleNanos);
    // Dead letters carry no trustworthy time: Long.MIN_VALUE never advances the watermark.
    return strategy.withTimestampAssigner((e, kafkaTs) -> e.record != null ? eventTime.eventTime(e.record).toEpochMilli() : Long.MIN_VALUE);
  }

  /** Bounded out-of-orderness plus wall-clock idleness. */
  static final class IdleAwareBoundedOutOfOrderness<E> implements WatermarkGenerator<E> {
    private final long outOfOrdernessMs;
    private final long idleNanos;
    private long maxTimestamp = Long.MIN_VALUE;
    private long lastEventNanos = System.nanoTime();

    IdleAwareBoundedOutOfOrderness(long outOfOrdernessMs, long idleNanos) {
      this.outOfOrdernessMs = outOfOrdernessMs;
      this.idleNanos = idleNanos;
    }

    IdleAwareBoundedOutOfOrderness(Duration outOfOrderness, Duration idleness) {
      this(outOfOrderness.toMillis(), idleness.toNanos());
    }

    @Override
    public void onEvent(E event, long eventTimestamp, WatermarkOutput output) {
      lastEventNanos = System.nanoTime();
      if (eventTimestamp > maxTimestamp) {
        maxTimestamp = eventTimestamp;
      }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
      if (System.nanoTime() - lastEventNanos > idleNanos) {
        output.markIdle();
        return;
      }
      if (maxTimestamp != Long.MIN_VALUE) {
        output.emitWatermark(new Watermark(maxTimestamp - outOfOrdernessMs - 1));
      }
    }
  }
}
