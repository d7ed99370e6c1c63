package energy.vgf.settlement.baseline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A demand-response event for one program: [start, end) in UTC, settled on 15-minute intervals. */
public record DrEvent(String eventId, String programId, Instant start, Instant end) {

  public DrEvent {
    if (!end.isAfter(start)) {
      throw new IllegalArgumentException("event " + eventId + ": end " + end + " is not after start " + start);
    }
    if (start.getEpochSecond() % MeterHistory.INTERVAL.getSeconds() != 0
        || end.getEpochSecond() % MeterHistory.INTERVAL.getSeconds() != 0) {
      throw new IllegalArgumentException("event " + eventId + ": start/end must be on 15-minute boundaries");
    }
  }

  public List<Instant> intervals() {
    List<Instant> out = new ArrayList<>();
    for (Instant t = start; t.isBefore(end); t = t.plus(MeterHistory.INTERVAL)) {
      out.add(t);
    }
    return out;
  }
}
