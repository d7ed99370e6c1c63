package energy.vgf.flink.dispatch;

import static energy.vgf.flink.Fixtures.T0;
import static energy.vgf.flink.Fixtures.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import energy.vgf.flink.config.ConfigException;
import energy.vgf.flink.config.JobConfig;
import energy.vgf.flink.vehicle.VehicleSnapshot;
import energy.vgf.optimizer.instance.Vehicle;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The optimizer instance a site's dispatch builds: here, what it tells the optimizer about charging taper. */
class InstanceBuilderTest {

  private static VehicleSnapshot plugged(String vehicleId, String chargerId, double energyKwh) {
    VehicleSnapshot v = new VehicleSnapshot();
    v.vehicleId = vehicleId;
    v.siteId = "depot-a";
    v.present = true;
    v.pluggedIn = true;
    v.chargerId = chargerId;
    v.tsMs = T0.toEpochMilli();
    v.energyKwh = energyKwh;
    v.capacityKwh = 100;
    v.maxChargeKw = 50;
    v.efficiency = 0.92;
    v.minSocPct = 10;
    v.departureMs = T0.toEpochMilli() + 8 * 3_600_000L;
    v.requiredSocPct = 90.0;
    return v;
  }

  private static List<Vehicle> build(JobConfig config) {
    return new InstanceBuilder(config).build("depot-a", T0.toEpochMilli(),
        List.of(plugged("bus-1", "cp-1", 40), plugged("bus-2", "cp-2", 40)), List.of(), List.of(), List.of(), Set.of())
        .instance().vehicles();
  }

  @Test
  void everyVehicleTapersFromEightyPercentUnlessConfiguredOtherwise() {
    List<Vehicle> vehicles = build(config("fleet.vehicle.bus-2.taper.start.soc.pct", "100"));
    assertThat(vehicles).filteredOn(v -> v.id().equals("bus-1")).singleElement()
        .extracting(Vehicle::taperStartSocPct).isEqualTo(80.0);
    assertThat(vehicles).filteredOn(v -> v.id().equals("bus-2")).singleElement()
        .satisfies(v -> assertThat(v.tapers()).isFalse());
  }

  @Test
  void aDepartureMarginPlansTheRequirementThatMuchEarlierButNeverBeforeTheFirstInterval() {
    // Departure 8 h after T0: interval 32 of 15 minutes; a 30-minute margin makes it 30.
    assertThat(build(config()).get(0).departure()).isEqualTo(32);
    assertThat(build(config("dispatch.departure.margin.minutes", "30")).get(0).departure()).isEqualTo(30);
    // 20 minutes before its departure, within the margin: still planned for one interval (and so urgent).
    VehicleSnapshot leaving = plugged("bus-3", "cp-3", 40);
    leaving.departureMs = T0.toEpochMilli() + 20 * 60_000L;
    Vehicle v = new InstanceBuilder(config("dispatch.departure.margin.minutes", "30")).build("depot-a",
        T0.toEpochMilli(), List.of(leaving), List.of(), List.of(), List.of(), Set.of()).instance().vehicles().get(0);
    assertThat(v.departure()).isEqualTo(1);
    assertThat(v.requiredKwh()).isEqualTo(90.0);
    assertThatThrownBy(() -> config("dispatch.departure.margin.minutes", "-5")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("dispatch.departure.margin.minutes");
  }

  @Test
  void aTaperStartOfZeroIsRejectedWithTheKeyToFix() {
    assertThatThrownBy(() -> config("fleet.vehicle.default.taper.start.soc.pct", "0"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("fleet.vehicle.default.taper.start.soc.pct");
  }

  @Test
  void anHourlyBaseLoadProfileIsPlannedHourByHour() {
    // A workshop's day shift from 14:00 UTC: the chargers get that much less of the import limit then.
    String profile = String.join(",", java.util.stream.IntStream.range(0, 24)
        .mapToObj(h -> h >= 14 && h < 22 ? "80" : "40").toList());
    double[] baseLoadKw = new InstanceBuilder(config("fleet.site.depot-a.base.load.utc.hours.kw", profile,
        "fleet.site.depot-a.base.load.kw", "60")).build("depot-a", T0.toEpochMilli(),
        List.of(plugged("bus-1", "cp-1", 40)), List.of(), List.of(), List.of(), Set.of()).instance().site().baseLoadKw();
    assertThat(baseLoadKw[0]).isEqualTo(40.0); // 00:00 UTC
    assertThat(baseLoadKw[14 * 4 - 1]).isEqualTo(40.0); // 13:45
    assertThat(baseLoadKw[14 * 4]).isEqualTo(80.0); // 14:00
    assertThat(baseLoadKw[22 * 4]).isEqualTo(40.0);

    assertThatThrownBy(() -> config("fleet.site.depot-a.base.load.utc.hours.kw", "40,80"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("fleet.site.depot-a.base.load.utc.hours.kw")
        .hasMessageContaining("24");
  }
}
