package energy.vgf.serde;

import org.apache.avro.Schema;

/** How a subject name is derived from the topic and the record, as in Confluent's serdes. */
public enum SubjectNameStrategy {
  /** {@code <topic>-key} / {@code <topic>-value}: one record type per topic (the default). */
  TOPIC_NAME,
  /** The record's full name: one subject per type, wherever it is written. */
  RECORD_NAME,
  /** {@code <topic>-<record full name>}: several types per topic, each evolving on its own. */
  TOPIC_RECORD_NAME;

  public String subject(String topic, boolean isKey, Schema schema) {
    return switch (this) {
      case TOPIC_NAME -> topic + (isKey ? "-key" : "-value");
      case RECORD_NAME -> schema.getFullName();
      case TOPIC_RECORD_NAME -> topic + "-" + schema.getFullName();
    };
  }

  /** Accepts the Confluent class names as well as the enum names, so configs carry over. */
  public static SubjectNameStrategy parse(String value) {
    String simple = value.substring(value.lastIndexOf('.') + 1);
    return switch (simple) {
      case "TopicNameStrategy", "TOPIC_NAME" -> TOPIC_NAME;
      case "RecordNameStrategy", "RECORD_NAME" -> RECORD_NAME;
      case "TopicRecordNameStrategy", "TOPIC_RECORD_NAME" -> TOPIC_RECORD_NAME;
      default -> throw new IllegalArgumentException("unknown subject name strategy '" + value
          + "': use TopicNameStrategy, RecordNameStrategy or TopicRecordNameStrategy");
    };
  }
}
