package energy.vgf.connectors.telematics.samsara;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import energy.vgf.connectors.source.FeedItem;
import energy.vgf.connectors.source.JsonPayloads;
import energy.vgf.connectors.telematics.VehicleIds;
import energy.vgf.connectors.testing.ReplayServer;
import energy.vgf.telemetry.TelematicsProvider;
import energy.vgf.telemetry.VehicleStatus;
import energy.vgf.telemetry.VehicleTelemetry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SamsaraStatsMapperTest {

  private final SamsaraStatsMapper mapper =
      new SamsaraStatsMapper(new VehicleIds("samsara-", Map.of("112", "bus-07"), "fleet-sj"));

  private List<VehicleTelemetry> map(String json) throws Exception {
    return mapper.map(JsonPayloads.MAPPER.readTree(json)).stream()
        .map(i -> (VehicleTelemetry) ((FeedItem.Mapped) i).value()).toList();
  }

  @Test
  void mapsEachStatTimeOfTheFeedToOneObservation() throws Exception {
    List<VehicleTelemetry> out = map(ReplayServer.sample("samsara/fleet_vehicles_stats_feed_ev_reconstructed.json"));

    assertThat(out).extracting(VehicleTelemetry::getTs).containsExactly(
        Instant.parse("2026-11-25T21:48:30Z"), Instant.parse("2026-11-25T21:50:00Z"),
        Instant.parse("2026-11-25T22:05:11Z"));
    assertThat(out.get(0).getStatus()).isEqualTo(VehicleStatus.CHARGING);
    assertThat(out.get(0).getSocPct()).isNull();
    // 58000 and 63500 milli-percent
    assertThat(out.get(1).getSocPct()).isEqualTo(58.0);
    assertThat(out.get(2).getSocPct()).isEqualTo(63.5);
    assertThat(out).allSatisfy(t -> {
      assertThat(t.getVehicleId()).isEqualTo("bus-07");
      assertThat(t.getProvider()).isEqualTo(TelematicsProvider.SAMSARA);
      assertThat(t.getFleetId()).isEqualTo("fleet-sj");
    });
  }

  @Test
  void mapsTheSnapshotWithGpsAndKeepsOnlyStatsTheContractHolds() throws Exception {
    List<VehicleTelemetry> out = map(ReplayServer.sample("samsara/fleet_vehicles_stats_ev_reconstructed.json"));

    // bus 112: GPS at 22:05:08, EV stats at 22:05:11; state of health (21:00) and distance (21:40) have no field.
    // van 281474977075412: SoC at 22:04:40 with 'not charging'.
    assertThat(out).hasSize(3);
    VehicleTelemetry gps = out.get(0);
    assertThat(gps.getTs()).isEqualTo(Instant.parse("2026-11-25T22:05:08Z"));
    assertThat(gps.getLatitudeDeg()).isEqualTo(37.3379);
    assertThat(gps.getLongitudeDeg()).isEqualTo(-121.8863);
    assertThat(gps.getSpeedKmh()).isEqualTo(0.0);
    assertThat(gps.getStatus()).isEqualTo(VehicleStatus.PARKED);
    VehicleTelemetry ev = out.get(1);
    assertThat(ev.getTs()).isEqualTo(Instant.parse("2026-11-25T22:05:11Z"));
    assertThat(ev.getSocPct()).isEqualTo(63.5);
    assertThat(ev.getStatus()).isEqualTo(VehicleStatus.CHARGING);
    VehicleTelemetry van = out.get(2);
    assertThat(van.getVehicleId()).isEqualTo("samsara-281474977075412");
    assertThat(van.getSocPct()).isCloseTo(21.0, within(1e-9));
    assertThat(van.getStatus()).isEqualTo(VehicleStatus.UNKNOWN);
  }

  @Test
  void convertsGpsSpeedFromMilesPerHour() throws Exception {
    List<VehicleTelemetry> out = map("""
        {"data":[{"id":"9","gps":[{"time":"2026-11-25T10:00:00Z","latitude":1.0,"longitude":2.0,
          "speedMilesPerHour":50}]}],"pagination":{"endCursor":"x","hasNextPage":false}}""");
    assertThat(out.get(0).getSpeedKmh()).isCloseTo(80.4672, within(1e-9));
    assertThat(out.get(0).getStatus()).isEqualTo(VehicleStatus.DRIVING);
  }

  @Test
  void rejectsAVehicleWhoseStateOfChargeIsNotANumberAndKeepsTheOthers() throws Exception {
    List<FeedItem> out = mapper.map(JsonPayloads.MAPPER.readTree("""
        {"data":[{"id":"1","evStateOfChargeMilliPercent":[{"time":"2026-11-25T10:00:00Z","value":"abc"}]},
                 {"id":"2","evStateOfChargeMilliPercent":[{"time":"2026-11-25T10:00:00Z","value":50000}]}]}"""));
    assertThat(out).hasSize(2);
    FeedItem.Rejected rejected = (FeedItem.Rejected) out.get(0);
    assertThat(rejected.reason()).contains("Samsara vehicle 1").contains("'value' is not a number");
    assertThat(rejected.raw()).contains("\"abc\"");
    assertThat(((VehicleTelemetry) ((FeedItem.Mapped) out.get(1)).value()).getSocPct()).isEqualTo(50.0);
  }
}
