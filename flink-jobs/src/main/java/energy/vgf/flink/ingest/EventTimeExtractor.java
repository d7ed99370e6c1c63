package energy.vgf.flink.ingest;

import java.io.Serializable;
import java.time.Instant;

/** The event time of a record (its {@code ts}, {@code window_start}, ...). */
@FunctionalInterface
public interface EventTimeExtractor<T> extends Serializable {
  Instant eventTime(T record);
}
