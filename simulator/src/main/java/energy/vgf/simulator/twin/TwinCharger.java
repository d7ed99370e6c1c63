package energy.vgf.simulator.twin;

import energy.vgf.simulator.depot.Depot;
import energy.vgf.simulator.scenario.ChargerSpec;
import energy.vgf.simulator.scenario.DepotSpec;
import energy.vgf.simulator.scenario.Scenario;
import java.util.ArrayList;
import java.util.List;

/**
 * One charger of the twin as the bridge must know it: what {@code vgf chargers add} enrols.
 *
 * @param chargerId the depot's charger id ({@link Depot#chargerId}), also the OCPP identity
 * @param depotId the site id the bridge stamps on the charger's records
 * @param phases 3 for AC (three-phase), 0 for DC, as the enrolment and the bridge's current limits expect
 */
public record TwinCharger(String chargerId, String depotId, ChargerSpec spec, int phases, double voltageV) {

  /** Phase voltage of the twin's AC chargers (the charge-point simulator's and the bridge's default). */
  public static final double VOLTAGE_V = 230.0;

  public double maxPowerKw() {
    return spec.powerKw();
  }

  public boolean bidirectional() {
    return spec.bidirectional();
  }

  /**
   * The lowest non-zero power: IEC 61851 signals at least 6 A per phase on AC (what
   * {@code vgf chargers add} assumes too); DC chargers go down to 0.
   */
  public double minPowerKw() {
    return phases == 0 ? 0.0 : 6.0 * voltageV * phases / 1000.0;
  }

  /** Every charger of the scenario, in the order and with the ids the depots give them. */
  public static List<TwinCharger> of(Scenario scenario) {
    List<TwinCharger> all = new ArrayList<>();
    for (DepotSpec d : scenario.depots()) {
      int n = 0;
      for (ChargerSpec c : d.chargers()) {
        for (int i = 0; i < c.count(); i++) {
          all.add(new TwinCharger(Depot.chargerId(d, ++n), d.id(), c, "AC".equals(c.type()) ? 3 : 0, VOLTAGE_V));
        }
      }
    }
    return all;
  }
}
