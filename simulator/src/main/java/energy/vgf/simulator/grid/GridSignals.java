package energy.vgf.simulator.grid;

import energy.vgf.grid.BaselineMethod;
import energy.vgf.grid.ConstraintKind;
import energy.vgf.grid.GridConstraint;
import energy.vgf.simulator.scenario.DepotSpec;
import energy.vgf.simulator.scenario.GridSpec;
import energy.vgf.simulator.scenario.Scenario;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The scenario's grid signals as GridConstraint records: each feeder's import limit over the run
 * (issued at the start) and each demand-response event (issued {@code notice_h} before it starts,
 * as day-ahead DR programmes notify).
 */
public final class GridSignals {

  private GridSignals() {}

  public static List<GridConstraint> of(Scenario scenario) {
    List<GridConstraint> out = new ArrayList<>();
    Instant start = scenario.startInstant();
    for (GridSpec.Feeder f : scenario.grid().feeders()) {
      out.add(new GridConstraint(f.id() + "-limit", ConstraintKind.FEEDER_LIMIT, f.id(), sitesOn(scenario, f.id()),
          start, scenario.endInstant(), f.importLimitKw(), null, null, BaselineMethod.NONE, null, null,
          "simulator", start));
    }
    for (GridSpec.DemandResponseEvent e : scenario.grid().demandResponse()) {
      LocalDate date = LocalDate.parse(e.date());
      Instant from = date.atTime(LocalTime.parse(e.start())).atZone(scenario.zone()).toInstant();
      Instant to = date.atTime(LocalTime.parse(e.end())).atZone(scenario.zone()).toInstant();
      Instant issued = from.minusSeconds(Math.round(e.noticeH() * 3600));
      out.add(new GridConstraint(e.id(), ConstraintKind.DEMAND_RESPONSE_EVENT, e.feeder(), sitesOn(scenario, e.feeder()),
          from, to, null, null, e.programId(), BaselineMethod.valueOf(e.baselineMethod()), e.paymentPerKwh(),
          e.targetReductionKw(), "simulator", issued));
    }
    return out;
  }

  private static List<String> sitesOn(Scenario scenario, String feeder) {
    return scenario.depots().stream().filter(d -> feeder.equals(d.feeder())).map(DepotSpec::id).toList();
  }
}
