package energy.vgf.flink.ingest;

import energy.vgf.ops.DeadLetter;

/**
 * What a source emits per Kafka record: the decoded and validated record, or the dead letter that
 * explains why there is none. A Flink POJO; its type information is built per record class in
 * {@link IngestSources} so that both fields use Avro serializers.
 */
public class Envelope<T> {
  public T record;
  public DeadLetter deadLetter;

  public Envelope() {
  }

  static <T> Envelope<T> ok(T record) {
    Envelope<T> e = new Envelope<>();
    e.record = record;
    return e;
  }

  static <T> Envelope<T> dead(DeadLetter deadLetter) {
    Envelope<T> e = new Envelope<>();
    e.deadLetter = deadLetter;
    return e;
  }
}
