package energy.vgf.simulator;

import energy.vgf.simulator.output.Stream;
import energy.vgf.simulator.output.StreamSink;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/** Keeps every record in memory, per stream, with its key and timestamp (small runs only). */
public final class CollectingSink implements StreamSink {

  public record Emitted(String key, long timestampMs, SpecificRecord value) {}

  private final Map<Stream, List<Emitted>> records = new EnumMap<>(Stream.class);
  private boolean closed;

  @Override
  public void write(Stream stream, String key, long timestampMs, SpecificRecord value) {
    records.computeIfAbsent(stream, s -> new ArrayList<>()).add(new Emitted(key, timestampMs, value));
  }

  public List<Emitted> emitted(Stream stream) {
    return records.getOrDefault(stream, List.of());
  }

  @SuppressWarnings("unchecked")
  public <T extends SpecificRecord> List<T> values(Stream stream, Class<T> type) {
    return emitted(stream).stream().map(e -> (T) e.value()).toList();
  }

  public boolean closed() {
    return closed;
  }

  @Override
  public void close() {
    closed = true;
  }
}
