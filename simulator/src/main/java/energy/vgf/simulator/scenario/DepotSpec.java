package energy.vgf.simulator.scenario;

import java.util.List;

/**
 * A depot site: its location (weather, positions), revenue meter, base building load, feeder,
 * fleets and chargers.
 *
 * @param baseLoadKw mean building load (lighting, workshop, offices) on top of charging
 */
public record DepotSpec(String id, String name, double latitudeDeg, double longitudeDeg, double baseLoadKw,
    String feeder, List<FleetSpec> fleets, List<ChargerSpec> chargers) {

  public DepotSpec {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("depots[].id must be set");
    }
    if (latitudeDeg < -90 || latitudeDeg > 90 || longitudeDeg < -180 || longitudeDeg > 180) {
      throw new IllegalArgumentException("depot " + id + ": latitude_deg/longitude_deg out of range");
    }
    fleets = fleets == null ? List.of() : List.copyOf(fleets);
    chargers = chargers == null ? List.of() : List.copyOf(chargers);
  }

  public String meterId() {
    return "mtr-" + id;
  }

  public DepotSpec withFleets(List<FleetSpec> newFleets) {
    return new DepotSpec(id, name, latitudeDeg, longitudeDeg, baseLoadKw, feeder, newFleets, chargers);
  }
}
