package energy.vgf.connectors.telematics.samsara;

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
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Maps a page of GET /fleet/vehicles/stats[/feed|/history] to VehicleTelemetry: one record per
 * vehicle and distinct stat time, carrying the stats observed at that time. The snapshot endpoint gives
 * each stat as one {time, value} object, the feed as an array of them; both are accepted.
 */
public final class SamsaraStatsMapper {

  // Samsara API units (api reference, vehicle stats): SoC in milli-percent, odometer in meters,
  // temperature in milli-degrees Celsius, GPS speed in miles per hour.
  private static final double MILLI = 1000.0;
  private static final double KMH_PER_MPH = 1.609344;

  private final VehicleIds ids;

  public SamsaraStatsMapper(VehicleIds ids) {
    this.ids = ids;
  }

  public List<FeedItem> map(JsonNode page) {
    JsonNode data = page.get("data");
    if (data == null || !data.isArray()) {
      throw new MappingException("page has no 'data' array");
    }
    List<FeedItem> out = new ArrayList<>();
    for (JsonNode vehicle : data) {
      try {
        out.addAll(mapVehicle(vehicle));
      } catch (MappingException | IllegalArgumentException e) {
        out.add(FeedItem.rejected(vehicle.toString(), new MappingException("Samsara vehicle "
            + vehicle.path("id").asText("?") + ": " + e.getMessage(), e)));
      }
    }
    return out;
  }

  private List<FeedItem> mapVehicle(JsonNode vehicle) {
    String providerId = JsonPayloads.text(vehicle, "id");
    String vehicleId = ids.platformId(providerId);
    Map<Instant, Observation> byTime = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = vehicle.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> stat = it.next();
      JsonNode value = stat.getValue();
      if (!value.isArray() && !value.isObject()) {
        continue; // id, name
      }
      for (JsonNode point : value.isArray() ? value : List.of(value)) {
        if (!point.has("time")) {
          continue; // externalIds and other decorations
        }
        Instant time = JsonPayloads.instant(point, "time");
        apply(stat.getKey(), point, byTime.computeIfAbsent(time, t -> new Observation()));
      }
    }
    List<FeedItem> out = new ArrayList<>();
    byTime.forEach((time, o) -> {
      if (o.isEmpty()) {
        return; // only stats the contract has no field for (state of health, energy counters)
      }
      VehicleTelemetry t = VehicleTelemetry.newBuilder()
          .setProvider(TelematicsProvider.SAMSARA)
          .setVehicleId(vehicleId)
          .setTs(time)
          .setSocPct(o.socPct)
          .setOdometerKm(o.odometerKm)
          .setLatitudeDeg(o.latitudeDeg)
          .setLongitudeDeg(o.longitudeDeg)
          .setSpeedKmh(o.speedKmh)
          .setStatus(o.status())
          .setDepotId(null)
          .setFleetId(ids.fleetId())
          .setAmbientTempC(o.ambientTempC)
          .build();
      out.add(new FeedItem.Mapped(vehicleId, t, time));
    });
    return out;
  }

  private static void apply(String type, JsonNode point, Observation o) {
    switch (type) {
      case "evStateOfChargeMilliPercent" -> {
        double soc = JsonPayloads.number(point, "value") / MILLI;
        if (soc < 0 || soc > 100) {
          throw new MappingException("evStateOfChargeMilliPercent " + point.get("value") + " is outside 0..100000");
        }
        o.socPct = soc;
      }
      case "evChargingStatus" -> o.chargingStatus = (int) JsonPayloads.number(point, "value");
      case "obdOdometerMeters", "gpsOdometerMeters" -> o.odometerKm = JsonPayloads.number(point, "value") / MILLI;
      case "ambientAirTemperatureMilliC" -> o.ambientTempC = JsonPayloads.number(point, "value") / MILLI;
      case "gps" -> {
        o.latitudeDeg = JsonPayloads.number(point, "latitude");
        o.longitudeDeg = JsonPayloads.number(point, "longitude");
        Double mph = JsonPayloads.optionalNumber(point, "speedMilesPerHour");
        o.speedKmh = mph == null ? null : mph * KMH_PER_MPH;
      }
      default -> { }
    }
  }

  private static final class Observation {
    Double socPct;
    Double odometerKm;
    Double latitudeDeg;
    Double longitudeDeg;
    Double speedKmh;
    Double ambientTempC;
    Integer chargingStatus;

    boolean isEmpty() {
      return socPct == null && odometerKm == null && latitudeDeg == null && speedKmh == null
          && ambientTempC == null && chargingStatus == null;
    }

    // Samsara evChargingStatus: 0 unknown, 1 not charging, 2 charging (Samsara SDK VehicleStatsEvChargingStatus).
    VehicleStatus status() {
      if (chargingStatus != null && chargingStatus == 2) {
        return VehicleStatus.CHARGING;
      }
      if (speedKmh != null) {
        return speedKmh > 0 ? VehicleStatus.DRIVING : VehicleStatus.PARKED;
      }
      return VehicleStatus.UNKNOWN;
    }
  }
}
