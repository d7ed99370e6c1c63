package energy.vgf.simulator.output;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.avro.specific.SpecificRecord;

/**
 * {@code --out DIR}: one JSON-lines file per stream (UTF-8), records in emission order.
 *
 * <p>Formatting JSON costs about three times what generating the records does, so records are
 * collected in batches that a small pool formats in parallel (each part of a batch into its own
 * buffers) while the simulation goes on; the parts are then written strictly in order, so the files
 * are the same bytes as a sequential writer's.
 */
public final class JsonLinesSink implements StreamSink {

  private static final int BATCH = 16_384;

  private final Path dir;
  private final OutputStream[] files = new OutputStream[Stream.values().length];
  private final int parts;
  private final ExecutorService pool;
  private Stream[] streams = new Stream[BATCH];
  private SpecificRecord[] records = new SpecificRecord[BATCH];
  private int size;
  private List<Future<JsonBytes[]>> pending = List.of();

  /** Creates the directory and one (possibly empty) file per stream, replacing earlier runs' files. */
  public JsonLinesSink(Path dir) {
    this.dir = dir;
    this.parts = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    try {
      Files.createDirectories(dir);
      for (Stream s : Stream.values()) {
        files[s.ordinal()] = Files.newOutputStream(dir.resolve(s.fileName()));
      }
    } catch (IOException e) {
      closeFiles();
      throw new UncheckedIOException("cannot create output files in " + dir + ": " + e.getMessage(), e);
    }
    this.pool = Executors.newFixedThreadPool(parts, r -> {
      Thread t = new Thread(r, "vgf-sim-json");
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public void write(Stream stream, String key, long timestampMs, SpecificRecord value) {
    streams[size] = stream;
    records[size] = value;
    if (++size == BATCH) {
      submitBatch();
    }
  }

  /** Hands the batch to the pool, then writes out the previous batch (formatted meanwhile). */
  private void submitBatch() {
    Stream[] s = streams;
    SpecificRecord[] r = records;
    int n = size;
    List<Future<JsonBytes[]>> submitted = new ArrayList<>(parts);
    int per = (n + parts - 1) / parts;
    for (int from = 0; from < n; from += per) {
      int a = from;
      int b = Math.min(n, from + per);
      submitted.add(pool.submit(() -> format(s, r, a, b)));
    }
    writePending();
    pending = submitted;
    streams = new Stream[BATCH];
    records = new SpecificRecord[BATCH];
    size = 0;
  }

  /** Lines of records [from, to), one buffer per stream. */
  private static JsonBytes[] format(Stream[] streams, SpecificRecord[] records, int from, int to) {
    JsonBytes[] out = new JsonBytes[Stream.values().length];
    for (int i = from; i < to; i++) {
      int k = streams[i].ordinal();
      if (out[k] == null) {
        out[k] = new JsonBytes(1 << 20);
      }
      RecordJson.append(out[k], records[i]);
      out[k].put('\n');
    }
    return out;
  }

  private void writePending() {
    try {
      for (Future<JsonBytes[]> f : pending) {
        JsonBytes[] chunk = f.get();
        for (int k = 0; k < chunk.length; k++) {
          if (chunk[k] != null) {
            files[k].write(chunk[k].buf, 0, chunk[k].len);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write output files in " + dir + ": " + e.getMessage(), e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("formatting records for " + dir + " failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing " + dir, e);
    } finally {
      pending = List.of();
    }
  }

  @Override
  public void close() {
    try {
      if (size > 0) {
        submitBatch();
      }
      writePending();
    } finally {
      pool.shutdownNow();
      closeFiles();
    }
  }

  private void closeFiles() {
    IOException failure = null;
    for (int k = 0; k < files.length; k++) {
      if (files[k] != null) {
        try {
          files[k].close();
        } catch (IOException e) {
          failure = e;
        }
        files[k] = null;
      }
    }
    if (failure != null) {
      throw new UncheckedIOException("cannot close output files in " + dir, failure);
    }
  }
}
