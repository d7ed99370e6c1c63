package energy.vgf.simulator.output;

import org.apache.avro.specific.SpecificRecord;

/**
 * Where generated records go, in emission (event-time) order. Implementations: JSON-lines files
 * ({@link JsonLinesSink}), Kafka through the schema registry ({@link KafkaStreamSink}), vendor
 * API shapes ({@link energy.vgf.simulator.vendor.VendorJsonSink}) and {@link StreamSinks#tee}.
 */
public interface StreamSink extends AutoCloseable {

  /**
   * @param key the record key as the topic catalogue defines it (vehicle_id, site_id, iso:node, ...)
   * @param timestampMs the record's event time (Kafka record timestamp)
   */
  void write(Stream stream, String key, long timestampMs, SpecificRecord value);

  /** Flushes and releases resources; the sink must not be used afterwards. */
  @Override
  void close();
}
