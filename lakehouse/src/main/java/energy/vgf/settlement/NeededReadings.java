package energy.vgf.settlement;

import energy.vgf.settlement.baseline.MeterQuality;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;

/**
 * raw.site_meter_reading rows -> only the readings a baseline can use (event periods and adjustment windows, at
 * local time), gathered per meter into {@link MeterBatch}es before the shuffle. Per row it decides on the timestamp
 * before touching a string (most rows are dropped without decoding their site id), decodes each distinct site and
 * meter id once, and appends to primitive arrays; a batch leaves when it is full, when too many readings are
 * buffered (memory stays bounded whatever the table's order) or at the end of the input.
 */
final class NeededReadings extends AbstractStreamOperator<MeterBatch>
    implements OneInputStreamOperator<RowData, MeterBatch>, BoundedOneInput {

  static final int BATCH = 4096;
  static final int MAX_BUFFERED = 1 << 21;

  private final SettlementJob.TimeOfDayFilter needed;
  private final int[] col;
  private transient Map<StringData, String> strings;
  private transient Map<StringData, Byte> qualities;
  /** site -> meter -> batch being filled (ids are interned: lookups compare by identity first). */
  private transient Map<String, Map<String, Open>> open;
  private transient Open last;
  private transient int buffered;

  /** A meter's batch being filled. */
  private static final class Open {
    final String siteId;
    final String meterId;
    long[] startMs = new long[64];
    double[] kwh = new double[64];
    byte[] quality = new byte[64];
    int n;

    Open(String siteId, String meterId) {
      this.siteId = siteId;
      this.meterId = meterId;
    }

    void add(long t, double v, byte q) {
      if (n == startMs.length) {
        int size = Math.min(BATCH, n * 2);
        startMs = Arrays.copyOf(startMs, size);
        kwh = Arrays.copyOf(kwh, size);
        quality = Arrays.copyOf(quality, size);
      }
      startMs[n] = t;
      kwh[n] = v;
      quality[n] = q;
      n++;
    }

    MeterBatch take() {
      MeterBatch b = new MeterBatch(siteId, meterId, Arrays.copyOf(startMs, n), Arrays.copyOf(kwh, n),
          Arrays.copyOf(quality, n));
      n = 0;
      return b;
    }
  }

  NeededReadings(SettlementJob.TimeOfDayFilter needed, int[] col) {
    this.needed = needed;
    this.col = col;
  }

  @Override
  public void open() throws Exception {
    super.open();
    strings = new HashMap<>();
    qualities = new HashMap<>();
    open = new HashMap<>();
  }

  @Override
  public void processElement(StreamRecord<RowData> element) {
    RowData row = element.getValue();
    long startMs = row.getTimestamp(col[2], 6).getMillisecond();
    if (!needed.anySite(startMs)) {
      return;
    }
    String site = intern(row.getString(col[0]));
    if (!needed.keep(site, startMs)) {
      return;
    }
    String meter = intern(row.getString(col[1]));
    StringData q = row.getString(col[4]);
    Byte quality = qualities.get(q);
    if (quality == null) {
      quality = (byte) MeterQuality.valueOf(q.toString()).ordinal();
      qualities.put(StringData.fromString(q.toString()), quality); // a copy: the row's bytes may be reused
    }
    // Tables are sorted by site and meter within a file: the meter of the previous row is nearly always this one.
    Open o = last != null && last.siteId == site && last.meterId == meter ? last
        : open.computeIfAbsent(site, k -> new HashMap<>()).computeIfAbsent(meter, k -> new Open(site, meter));
    last = o;
    o.add(startMs, row.getDouble(col[3]), quality);
    buffered++;
    if (o.n == BATCH) {
      emit(o);
    }
    if (buffered >= MAX_BUFFERED) {
      flushAll();
    }
  }

  @Override
  public void endInput() {
    flushAll();
  }

  private void flushAll() {
    for (Map<String, Open> meters : open.values()) {
      for (Open o : meters.values()) {
        if (o.n > 0) {
          emit(o);
        }
      }
    }
    open.clear();
    last = null;
    buffered = 0;
  }

  private void emit(Open o) {
    buffered -= o.n;
    output.collect(new StreamRecord<>(o.take()));
  }

  private String intern(StringData s) {
    String v = strings.get(s);
    if (v == null) {
      v = s.toString();
      strings.put(StringData.fromString(v), v);
    }
    return v;
  }
}
