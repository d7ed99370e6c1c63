package energy.vgf.simulator.depot;

import energy.vgf.simulator.scenario.ChargerSpec;
import energy.vgf.simulator.scenario.DepotSpec;

/** Makes the chargers of a depot; the simulator's default makes uncontrolled in-process chargers. */
@FunctionalInterface
public interface ChargePointFactory {

  ChargePoint create(DepotSpec depot, ChargerSpec spec, String chargerId);

  /** The uncontrolled baseline: full power from plug-in. */
  ChargePointFactory UNCONTROLLED = (depot, spec, id) -> new UncontrolledChargePoint(id, spec);
}
