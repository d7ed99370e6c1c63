package energy.vgf.flink.ingest;

import energy.vgf.serde.InvalidPayloadException;
import energy.vgf.serde.client.RegistryUnavailableException;
import energy.vgf.serde.client.UnknownSchemaIdException;
import energy.vgf.serde.flink.RegistryAvroDeserializationSchema;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.flink.util.Collector;

/**
 * Decodes and validates inside the Kafka source, so that watermarks are generated per partition from the
 * records' own event time (idleness then works per partition too). Nothing is thrown for bad data: it
 * becomes an {@link Envelope} carrying a DeadLetter. An unreachable registry is not bad data: it fails the
 * task so that Flink restarts from the last checkpoint and reads the record again.
 */
final class DecodingDeserializer<T extends SpecificRecordBase> implements KafkaRecordDeserializationSchema<Envelope<T>> {
  private static final long serialVersionUID = 1L;

  /** Event times further ahead than this are a producer clock or unit error (seconds instead of ms). */
  static final Duration MAX_FUTURE = Duration.ofDays(1);
  private static final long MAX_FUTURE_SECONDS = MAX_FUTURE.toSeconds();

  private final Class<T> recordClass;
  private final RegistryAvroDeserializationSchema<T> decoder;
  private final Validator<T> validator;
  private final EventTimeExtractor<T> eventTime;
  private final TypeInformation<Envelope<T>> producedType;
  private transient Counter eventsIn;
  private transient Counter deadLetters;

  DecodingDeserializer(Class<T> recordClass, Map<String, String> serdeConfig, Validator<T> validator,
                       EventTimeExtractor<T> eventTime, TypeInformation<Envelope<T>> producedType) {
    this.recordClass = recordClass;
    this.decoder = new RegistryAvroDeserializationSchema<>(recordClass, serdeConfig);
    this.validator = validator;
    this.eventTime = eventTime;
    this.producedType = producedType;
  }

  @Override
  public void open(DeserializationSchema.InitializationContext context) {
    var group = context.getMetricGroup().addGroup("vgf").addGroup("record", recordClass.getSimpleName());
    eventsIn = group.counter("eventsIn");
    deadLetters = group.counter("deadLetters");
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> rec, Collector<Envelope<T>> out) throws IOException {
    if (eventsIn != null) {
      eventsIn.inc();
    }
    Envelope<T> e = decode(rec.topic(), rec.partition(), rec.offset(), rec.key(), rec.value());
    if (e.deadLetter != null && deadLetters != null) {
      deadLetters.inc();
    }
    out.collect(e);
  }

  Envelope<T> decode(String topic, int partition, long offset, byte[] key, byte[] value) throws IOException {
    if (value == null) {
      return Envelope.dead(DeadLetters.of(topic, partition, offset, key, null,
          "record has no value (tombstone) on a topic of " + recordClass.getSimpleName() + " events",
          "NullValue", DeadLetters.STAGE_DECODE));
    }
    T record;
    try {
      record = decoder.decode(value);
    } catch (RegistryUnavailableException e) {
      throw new IOException("schema registry unavailable while decoding " + topic + "-" + partition + "@" + offset
          + "; the job restarts from its last checkpoint", e);
    } catch (InvalidPayloadException | UnknownSchemaIdException | AvroRuntimeException | ClassCastException e) {
      return Envelope.dead(DeadLetters.of(topic, partition, offset, key, value,
          "cannot decode as " + recordClass.getSimpleName() + ": " + e.getMessage(),
          e.getClass().getSimpleName(), DeadLetters.STAGE_DECODE));
    }
    String problem = validator.problem(record);
    if (problem == null) {
      Instant ts = eventTime.eventTime(record);
      if (ts == null) {
        problem = "event time is missing";
      } else if (ts.getEpochSecond() >= System.currentTimeMillis() / 1000 + MAX_FUTURE_SECONDS // no allocation per record
          && ts.isAfter(Instant.now().plus(MAX_FUTURE))) {
        problem = "event time " + ts + " is more than " + MAX_FUTURE.toHours() + " h in the future (clock or unit error?)";
      }
    }
    if (problem != null) {
      return Envelope.dead(DeadLetters.of(topic, partition, offset, key, value, problem, "ValidationFailed",
          DeadLetters.STAGE_DECODE));
    }
    return Envelope.ok(record);
  }

  @Override
  public TypeInformation<Envelope<T>> getProducedType() {
    return producedType;
  }
}
