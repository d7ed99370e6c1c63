package energy.vgf.connectors.telematics.verizon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import energy.vgf.connectors.source.JsonPayloads;
import energy.vgf.connectors.telematics.VehicleIds;
import energy.vgf.telemetry.TelematicsProvider;
import energy.vgf.telemetry.VehicleStatus;
import energy.vgf.telemetry.VehicleTelemetry;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RevealLocationsTest {

  private static final VehicleIds IDS = new VehicleIds("verizon-", Map.of("BUS-17", "bus-17"), null);

  @Test
  void mapsTheReconstructedLocationWithSpeedInMilesPerHour() throws Exception {
    VehicleTelemetry t = RevealLocations.map(JsonPayloads.MAPPER.readTree(
        new String(RevealLocationsTest.class.getResourceAsStream("/constructed/verizon_location.json").readAllBytes())),
        "BUS-17", IDS, true);

    assertThat(t.getProvider()).isEqualTo(TelematicsProvider.VERIZON_CONNECT);
    assertThat(t.getVehicleId()).isEqualTo("bus-17");
    assertThat(t.getTs()).isEqualTo(Instant.parse("2026-11-25T22:05:08Z"));
    assertThat(t.getLatitudeDeg()).isEqualTo(37.3379);
    assertThat(t.getLongitudeDeg()).isEqualTo(-121.8863);
    assertThat(t.getSpeedKmh()).isCloseTo(25.0 * 1.609344, within(1e-9));
    assertThat(t.getStatus()).isEqualTo(VehicleStatus.DRIVING);
  }

  @Test
  void readsDisplayStatesAndUpdateTimesWithoutAZone() throws Exception {
    assertThat(RevealLocations.status("Idle", 0.0)).isEqualTo(VehicleStatus.IDLE);
    assertThat(RevealLocations.status("Stop", null)).isEqualTo(VehicleStatus.PARKED);
    assertThat(RevealLocations.updateUtc(JsonPayloads.MAPPER.readTree("{\"UpdateUTC\":\"2026-11-25T22:05:08\"}")))
        .isEqualTo(Instant.parse("2026-11-25T22:05:08Z"));
  }
}
