package energy.vgf.simulator.scenario;

import java.util.List;

/** Feeder limits and demand-response events, published as GridConstraint records. */
public record GridSpec(List<Feeder> feeders, List<DemandResponseEvent> demandResponse) {

  public static final GridSpec NONE = new GridSpec(List.of(), List.of());

  public GridSpec {
    feeders = feeders == null ? List.of() : List.copyOf(feeders);
    demandResponse = demandResponse == null ? List.of() : List.copyOf(demandResponse);
  }

  /** A feeder with an import limit over the whole run. */
  public record Feeder(String id, double importLimitKw) {
    public Feeder {
      if (importLimitKw <= 0) {
        throw new IllegalArgumentException("grid.feeders[" + id + "].import_limit_kw must be > 0");
      }
    }
  }

  /**
   * A demand-response event on a feeder's sites, on a local date between local times, announced
   * {@code noticeH} hours ahead (default 24). Target reduction and payment are optional.
   */
  public record DemandResponseEvent(String id, String programId, String feeder, String date, String start,
      String end, Double targetReductionKw, Double paymentPerKwh, String baselineMethod, Double noticeH) {
    public DemandResponseEvent {
      java.time.LocalDate.parse(date);
      if (!java.time.LocalTime.parse(end).isAfter(java.time.LocalTime.parse(start))) {
        throw new IllegalArgumentException("grid.demand_response[" + id + "]: end " + end + " must be after start " + start);
      }
      if (noticeH == null) {
        noticeH = 24.0;
      }
      if (baselineMethod == null) {
        baselineMethod = "NONE";
      }
      energy.vgf.grid.BaselineMethod.valueOf(baselineMethod);
    }
  }
}
