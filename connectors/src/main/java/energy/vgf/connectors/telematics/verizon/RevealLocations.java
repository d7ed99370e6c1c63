package energy.vgf.connectors.telematics.verizon;

import com.fasterxml.jackson.databind.JsonNode;
import energy.vgf.connectors.source.JsonPayloads;
import energy.vgf.connectors.source.MappingException;
import energy.vgf.connectors.telematics.VehicleIds;
import energy.vgf.telemetry.TelematicsProvider;
import energy.vgf.telemetry.VehicleStatus;
import energy.vgf.telemetry.VehicleTelemetry;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Maps a Reveal vehicle location (GET /rad/v1/vehicles/{vehicleNumber}/location) to VehicleTelemetry. The
 * field names follow Verizon Connect's REST API reference as far as it is public (reconstructed, not captured):
 * VehicleNumber, Latitude, Longitude, Speed (account unit), UpdateUTC, DisplayState (Moving, Idle, Stop, ...).
 */
public final class RevealLocations {

  private static final double KMH_PER_MPH = 1.609344;

  private RevealLocations() {}

  public static VehicleTelemetry map(JsonNode location, String vehicleNumber, VehicleIds ids, boolean mph) {
    double lat = JsonPayloads.number(location, "Latitude");
    double lon = JsonPayloads.number(location, "Longitude");
    if (lat < -90 || lat > 90 || lon < -180 || lon > 180) {
      throw new MappingException("position " + lat + "," + lon + " is outside WGS84 bounds");
    }
    Double speed = JsonPayloads.optionalNumber(location, "Speed");
    Double speedKmh = speed == null ? null : mph ? speed * KMH_PER_MPH : speed;
    String number = location.path("VehicleNumber").asText(vehicleNumber);
    return VehicleTelemetry.newBuilder()
        .setProvider(TelematicsProvider.VERIZON_CONNECT)
        .setVehicleId(ids.platformId(number))
        .setTs(updateUtc(location))
        .setSocPct(null)
        .setOdometerKm(null)
        .setLatitudeDeg(lat)
        .setLongitudeDeg(lon)
        .setSpeedKmh(speedKmh)
        .setStatus(status(location.path("DisplayState").asText(""), speedKmh))
        .setDepotId(null)
        .setFleetId(ids.fleetId())
        .setAmbientTempC(null)
        .build();
  }

  /** UpdateUTC, with or without a zone designator (both forms appear in Reveal examples). */
  static Instant updateUtc(JsonNode location) {
    String s = JsonPayloads.text(location, "UpdateUTC");
    try {
      return s.endsWith("Z") || s.matches(".*[+-]\\d\\d:\\d\\d$") ? java.time.OffsetDateTime.parse(s).toInstant()
          : LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw new MappingException("'UpdateUTC' is not an ISO-8601 time: " + s);
    }
  }

  static VehicleStatus status(String displayState, Double speedKmh) {
    return switch (displayState.toLowerCase(java.util.Locale.ROOT)) {
      case "moving" -> VehicleStatus.DRIVING;
      case "idle", "idling" -> VehicleStatus.IDLE;
      case "stop", "stopped", "parked" -> VehicleStatus.PARKED;
      default -> speedKmh == null ? VehicleStatus.UNKNOWN : speedKmh > 0 ? VehicleStatus.DRIVING : VehicleStatus.PARKED;
    };
  }
}
