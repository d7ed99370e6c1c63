package energy.vgf.simulator.output;

import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/** Small sink combinators. */
public final class StreamSinks {

  private StreamSinks() {}

  /** Discards everything (benchmarks of generation alone, calibration). */
  public static StreamSink discard() {
    return new StreamSink() {
      @Override
      public void write(Stream stream, String key, long timestampMs, SpecificRecord value) {}

      @Override
      public void close() {}
    };
  }

  /** Writes every record to each sink in order. */
  public static StreamSink tee(List<StreamSink> sinks) {
    List<StreamSink> copy = List.copyOf(sinks);
    if (copy.size() == 1) {
      return copy.get(0);
    }
    return new StreamSink() {
      @Override
      public void write(Stream stream, String key, long timestampMs, SpecificRecord value) {
        for (StreamSink s : copy) {
          s.write(stream, key, timestampMs, value);
        }
      }

      @Override
      public void close() {
        RuntimeException first = null;
        for (StreamSink s : copy) {
          try {
            s.close();
          } catch (RuntimeException e) {
            if (first == null) {
              first = e;
            } else {
              first.addSuppressed(e);
            }
          }
        }
        if (first != null) {
          throw first;
        }
      }
    };
  }
}
