package energy.vgf.connectors.telematics.geotab;

import com.fasterxml.jackson.databind.JsonNode;
import energy.vgf.connectors.source.FeedItem;
import energy.vgf.connectors.source.JsonPayloads;
import energy.vgf.connectors.source.MappingException;
import energy.vgf.connectors.telematics.VehicleIds;
import energy.vgf.telemetry.TelematicsProvider;
import energy.vgf.telemetry.VehicleStatus;
import energy.vgf.telemetry.VehicleTelemetry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps MyGeotab StatusData and LogRecord entities to VehicleTelemetry, one record per entity (MyGeotab SDK
 * object reference). StatusData.data is in the diagnostic's unit: percent for DiagnosticStateOfChargeId,
 * metres for the odometer diagnostics. LogRecord.speed is km/h. dateTime is UTC.
 */
public final class GeotabFeedMapper {

  static final String STATE_OF_CHARGE = "DiagnosticStateOfChargeId";
  private static final double METRES_PER_KM = 1000.0;

  private final VehicleIds ids;

  public GeotabFeedMapper(VehicleIds ids) {
    this.ids = ids;
  }

  public List<FeedItem> mapStatusData(JsonNode entities) {
    List<FeedItem> out = new ArrayList<>();
    for (JsonNode s : entities) {
      try {
        String diagnostic = s.path("diagnostic").path("id").asText("");
        double data = JsonPayloads.number(s, "data");
        VehicleTelemetry.Builder t = builder(s);
        switch (diagnostic) {
          case STATE_OF_CHARGE -> {
            if (data < 0 || data > 100) {
              throw new MappingException("state of charge " + data + " is outside 0..100 %");
            }
            t.setSocPct(data);
          }
          case "DiagnosticOdometerId", "DiagnosticOdometerAdjustmentId" -> t.setOdometerKm(data / METRES_PER_KM);
          default -> throw new MappingException("diagnostic '" + diagnostic + "' has no VehicleTelemetry field");
        }
        out.add(item(t.setStatus(VehicleStatus.UNKNOWN).build()));
      } catch (MappingException e) {
        out.add(FeedItem.rejected(s.toString(), new MappingException("Geotab StatusData " + s.path("id").asText("?")
            + ": " + e.getMessage())));
      }
    }
    return out;
  }

  public List<FeedItem> mapLogRecords(JsonNode entities) {
    List<FeedItem> out = new ArrayList<>();
    for (JsonNode r : entities) {
      try {
        double lat = JsonPayloads.number(r, "latitude");
        double lon = JsonPayloads.number(r, "longitude");
        if (lat < -90 || lat > 90 || lon < -180 || lon > 180) {
          throw new MappingException("position " + lat + "," + lon + " is outside WGS84 bounds");
        }
        Double speed = JsonPayloads.optionalNumber(r, "speed");
        out.add(item(builder(r).setLatitudeDeg(lat).setLongitudeDeg(lon).setSpeedKmh(speed)
            .setStatus(speed == null ? VehicleStatus.UNKNOWN : speed > 0 ? VehicleStatus.DRIVING : VehicleStatus.PARKED)
            .build()));
      } catch (MappingException e) {
        out.add(FeedItem.rejected(r.toString(), new MappingException("Geotab LogRecord " + r.path("id").asText("?")
            + ": " + e.getMessage())));
      }
    }
    return out;
  }

  private VehicleTelemetry.Builder builder(JsonNode entity) {
    String device = entity.path("device").path("id").asText("");
    if (device.isEmpty()) {
      throw new MappingException("missing device.id");
    }
    Instant ts = JsonPayloads.instant(entity, "dateTime");
    return VehicleTelemetry.newBuilder()
        .setProvider(TelematicsProvider.GEOTAB)
        .setVehicleId(ids.platformId(device))
        .setTs(ts)
        .setSocPct(null)
        .setOdometerKm(null)
        .setLatitudeDeg(null)
        .setLongitudeDeg(null)
        .setSpeedKmh(null)
        .setDepotId(null)
        .setFleetId(ids.fleetId())
        .setAmbientTempC(null);
  }

  private static FeedItem item(VehicleTelemetry t) {
    return new FeedItem.Mapped(t.getVehicleId(), t, t.getTs());
  }
}
