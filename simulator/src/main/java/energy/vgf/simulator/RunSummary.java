package energy.vgf.simulator;

import energy.vgf.simulator.depot.PlugIn;
import energy.vgf.simulator.faults.FaultStats;
import energy.vgf.simulator.fleet.VehicleLedger;
import energy.vgf.simulator.metering.SiteMeter;
import energy.vgf.simulator.output.Stream;
import java.util.List;
import java.util.Map;

/**
 * What a run produced: records per stream, each vehicle's energy ledger, each depot meter's totals,
 * what fault injection did and every plug-in (what the vehicles plugged in with).
 */
public record RunSummary(String scenario, int vehicles, int days, Map<Stream, Long> records,
    List<VehicleLedger> ledgers, List<SiteMeter.MeterTotals> meters, FaultStats faults, double elapsedS,
    List<PlugIn> plugIns) {

  public long totalRecords() {
    return records.values().stream().mapToLong(Long::longValue).sum();
  }
}
