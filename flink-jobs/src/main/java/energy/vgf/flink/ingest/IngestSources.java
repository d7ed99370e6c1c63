package energy.vgf.flink.ingest;

import energy.vgf.flink.config.JobConfig;
import energy.vgf.ops.DeadLetter;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * Kafka sources of the platform's Avro topics: decode and validate in the source, event time from the
 * shared {@link EventTime} helper, and a split into good records and dead letters.
 */
public final class IngestSources {

  public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters", new AvroTypeInfo<>(DeadLetter.class));

  private IngestSources() {
  }

  /** Good records and the dead letters of one topic. */
  public record Ingested<T>(DataStream<T> records, DataStream<DeadLetter> deadLetters) {
  }

  /**
   * Reads {@code topic} as {@code recordClass}. Operator uids derive from {@code name} (stable across
   * upgrades: the source's uid carries the Kafka offsets in savepoints).
   */
  public static <T extends SpecificRecordBase> Ingested<T> read(StreamExecutionEnvironment env, JobConfig config,
                                                                String name, String topic, Class<T> recordClass,
                                                                Validator<T> validator, EventTimeExtractor<T> eventTime) {
    TypeInformation<Envelope<T>> envelopeType = envelopeType(recordClass);
    KafkaSource<Envelope<T>> source = KafkaSource.<Envelope<T>>builder()
        .setBootstrapServers(config.bootstrapServers())
        .setTopics(topic)
        .setGroupId(config.groupId())
        .setStartingOffsets(startingOffsets(config.startingOffsets()))
        .setDeserializer(new DecodingDeserializer<>(recordClass, config.serdeConfig(), validator, eventTime, envelopeType))
        .setProperties(consumerProperties(config))
        .build();
    SingleOutputStreamOperator<T> records = env
        .fromSource(source, EventTime.watermarks(config, eventTime), "source " + topic)
        .uid("source-" + name)
        .process(new RouteDeadLetters<T>())
        .returns(new AvroTypeInfo<>(recordClass))
        .name("dead-letter routing " + name)
        .uid("route-" + name);
    return new Ingested<>(records, records.getSideOutput(DEAD_LETTERS));
  }

  static OffsetsInitializer startingOffsets(String mode) {
    return switch (mode) {
      case "earliest" -> OffsetsInitializer.earliest();
      case "latest" -> OffsetsInitializer.latest();
      default -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
    };
  }

  /**
   * Per-partition fetch size of the sources (unless {@code kafka.max.partition.fetch.bytes} says otherwise).
   * The consumer hands out one partition's fetched bytes completely before the next partition's, so with
   * Kafka's 1 MB default (about 10,000 telemetry records) a reader working through a backlog left each other
   * partition silent for seconds; past {@code source.idleness.ms} those partitions were marked idle, the
   * watermark followed the one partition being read, and the others' records arrived late (dead-lettered and
   * rendered as JSON: a quarter of the vehicle-state CPU in the streaming benchmark's profile). 64 KB keeps the
   * partitions interleaved within a fraction of a second at any rate the job reaches.
   */
  static final String PARTITION_FETCH_BYTES = "65536";

  /**
   * Records per consumer poll (unless {@code kafka.max.poll.records} says otherwise). Each poll of the source's fetcher
   * thread is one hand-over to the task thread (a queue of two batches, a wake-up of its mailbox); with Kafka's 500 a
   * reader at a million events per second hands over 2,000 times a second and both threads wait on each other. A
   * poll returns as soon as anything is fetched, so the larger cap costs no latency; its records still interleave
   * the partitions in {@link #PARTITION_FETCH_BYTES} slices.
   */
  static final String MAX_POLL_RECORDS = "5000";

  /** Consumer settings: the {@code kafka.*} pass-through (SASL/TLS) plus read_committed (setpoints are transactional). */
  public static Properties consumerProperties(JobConfig config) {
    Properties p = new Properties();
    p.putAll(config.kafkaProperties());
    p.setProperty("isolation.level", "read_committed");
    p.putIfAbsent("client.id.prefix", config.groupId());
    p.putIfAbsent("max.partition.fetch.bytes", PARTITION_FETCH_BYTES);
    p.putIfAbsent("max.poll.records", MAX_POLL_RECORDS);
    return p;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static <T extends SpecificRecordBase> TypeInformation<Envelope<T>> envelopeType(Class<T> recordClass) {
    Map<String, TypeInformation<?>> fields = Map.of(
        "record", new AvroTypeInfo<>(recordClass),
        "deadLetter", new AvroTypeInfo<>(DeadLetter.class));
    return (TypeInformation) Types.POJO(Envelope.class, fields);
  }

  /** Splits envelopes: records to the main output, dead letters to {@link #DEAD_LETTERS}. */
  static final class RouteDeadLetters<T> extends ProcessFunction<Envelope<T>, T> {
    @Override
    public void processElement(Envelope<T> e, Context ctx, Collector<T> out) {
      if (e.record != null) {
        out.collect(e.record);
      } else if (e.deadLetter != null) {
        ctx.output(DEAD_LETTERS, e.deadLetter);
      }
    }
  }
}
