package energy.vgf.simulator.depot;

import energy.vgf.simulator.scenario.ChargerSpec;
import energy.vgf.simulator.scenario.DepotSpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The depot side of the twin: its chargers and who is plugged into which. A vehicle arriving takes
 * the first free charger (in charger order, so runs are reproducible); when none is free it waits,
 * and depot staff move a cable from a full vehicle to the longest-waiting one.
 */
public final class Depot {

  private final DepotSpec spec;
  private final List<ChargePoint> chargers = new ArrayList<>();
  private final PluggedVehicle[] occupant;
  private final Deque<PluggedVehicle> waiting = new ArrayDeque<>();
  private final List<PlugIn> plugIns = new ArrayList<>();
  /** Energy settled at unplugs since the last step, kWh; metered with the next step. */
  private double settledKwh;

  public Depot(DepotSpec spec, ChargePointFactory factory) {
    this.spec = spec;
    int n = 0;
    for (ChargerSpec c : spec.chargers()) {
      for (int i = 0; i < c.count(); i++) {
        chargers.add(factory.create(spec, c, chargerId(spec, ++n)));
      }
    }
    occupant = new PluggedVehicle[chargers.size()];
  }

  /**
   * The id of the depot's {@code n}-th charger (1-based, in the order of its charger specs), e.g.
   * {@code depot-pomona-cp-007}; the OCPP twin enrols its chargers under these ids.
   */
  public static String chargerId(DepotSpec depot, int n) {
    return String.format("%s-cp-%03d", depot.id(), n);
  }

  public DepotSpec spec() {
    return spec;
  }

  public List<ChargePoint> chargers() {
    return List.copyOf(chargers);
  }

  /** The vehicle arrives; it is plugged in if a charger is free, else it queues. */
  public void arrive(long epochS, PluggedVehicle v) {
    for (int i = 0; i < occupant.length; i++) {
      if (occupant[i] == null) {
        connect(i, epochS, v);
        return;
      }
    }
    waiting.addLast(v);
  }

  /** The vehicle leaves: unplugged (or dropped from the queue); a waiting vehicle takes its charger. */
  public void depart(long epochS, PluggedVehicle v) {
    for (int i = 0; i < occupant.length; i++) {
      if (occupant[i] == v) {
        unplug(i, epochS);
        if (!waiting.isEmpty()) {
          connect(i, epochS, waiting.pollFirst());
        }
        return;
      }
    }
    waiting.remove(v);
  }

  /** Every plug-in so far, in order. */
  public List<PlugIn> plugIns() {
    return List.copyOf(plugIns);
  }

  /** The charger the vehicle is plugged into, or null. */
  public ChargePoint chargerOf(PluggedVehicle v) {
    for (int i = 0; i < occupant.length; i++) {
      if (occupant[i] == v) {
        return chargers.get(i);
      }
    }
    return null;
  }

  /**
   * Applies each charger's power over [epochS, epochS + stepS) to its vehicle.
   *
   * @return the depot's total charger power at the grid side, kW (negative when exporting)
   */
  public double step(long epochS, int stepS) {
    if (!waiting.isEmpty()) {
      for (int i = 0; i < occupant.length && !waiting.isEmpty(); i++) {
        if (occupant[i] != null && occupant[i].socPct() >= 99.9) {
          unplug(i, epochS);
          connect(i, epochS, waiting.pollFirst());
        }
      }
    }
    // Energy settled at this tick's unplugs went through the meter during the step that just ended;
    // it is metered here, so the site meter still equals the sum of the chargers.
    double total = settledKwh * 3600 / stepS;
    settledKwh = 0;
    for (int i = 0; i < occupant.length; i++) {
      if (occupant[i] != null) {
        ChargePoint cp = chargers.get(i);
        double kw = cp.powerKw(epochS, stepS);
        if (kw < 0 && !cp.bidirectional()) {
          throw new IllegalStateException("charger " + cp.chargerId() + " is not bidirectional but applied " + kw + " kW");
        }
        occupant[i].applyPower(kw, cp.efficiency(), stepS);
        total += kw;
      }
    }
    return total;
  }

  public int waitingCount() {
    return waiting.size();
  }

  private void unplug(int i, long epochS) {
    ChargePoint cp = chargers.get(i);
    double kwh = cp.plugOut(epochS);
    if (kwh != 0) {
      occupant[i].settleEnergy(kwh, cp.efficiency());
      settledKwh += kwh;
    }
    occupant[i] = null;
  }

  private void connect(int i, long epochS, PluggedVehicle v) {
    occupant[i] = v;
    ChargePoint cp = chargers.get(i);
    cp.plugIn(epochS, v);
    plugIns.add(new PlugIn(v.vehicleId(), cp.chargerId(), epochS, v.socPct(), v.capacityKwh(), v.maxChargeKw(),
        cp.maxPowerKw(), cp.efficiency()));
  }
}
