package energy.vgf.connectors.source;

import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;

/** One unit read from a source: a record mapped to a platform contract, or a payload that could not be. */
public sealed interface FeedItem {

  /** A platform record, keyed as the topic catalogue says. */
  record Mapped(String key, SpecificRecord value, Instant timestamp) implements FeedItem {}

  /** A payload that could not be mapped: goes to the dead-letter topic whole, with the reason. */
  record Rejected(String raw, String reason, String errorClass) implements FeedItem {}

  static FeedItem rejected(String raw, Exception e) {
    return new Rejected(raw, e.getMessage(), e.getClass().getName());
  }
}
