package energy.vgf.simulator.vendor;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import energy.vgf.simulator.output.Stream;
import energy.vgf.simulator.output.StreamSink;
import energy.vgf.telemetry.VehicleStatus;
import energy.vgf.telemetry.VehicleTelemetry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * The telemetry stream again, in the JSON shapes of the telematics providers' APIs, for connector
 * tests (one API element per line; wrap lines in the provider's envelope to serve them):
 * <ul>
 *   <li>{@code samsara-vehicle-stats.jsonl}: elements of {@code data} of {@code GET /fleet/vehicles/stats}
 *       (snapshot form: each stat one {time, value}); SoC in milli-percent, charging status
 *       0 unknown / 1 not charging / 2 charging, GPS speed in mph. Follows
 *       shared/samples/samsara (reconstructed from Samsara's API docs and SDK types).</li>
 *   <li>{@code geotab-status-data.jsonl}: StatusData of {@code DiagnosticStateOfChargeId} (data in %),
 *       and {@code geotab-device-status-info.jsonl}: DeviceStatusInfo (speed km/h, .NET TimeSpan
 *       currentStateDuration, dateTime UTC with milliseconds). Follows shared/samples/geotab.</li>
 *   <li>{@code verizon-connect-location.jsonl} and {@code verizon-connect-status.jsonl}: the
 *       Reveal RAD API's vehicle location and status objects ({@code /rad/v1/vehicles/{n}/location},
 *       {@code /status}), with {@code VehicleNumber} added. No captured sample exists here: field
 *       names follow the models of a public Reveal client (MambuSRL/verizonConnect_php); units
 *       (Speed mph, CurrentOdometer miles, BatteryLevel %) and DisplayState values are assumptions.</li>
 * </ul>
 */
public final class VendorJsonSink implements StreamSink {

  public static final List<String> FILES = List.of("samsara-vehicle-stats.jsonl", "geotab-status-data.jsonl",
      "geotab-device-status-info.jsonl", "verizon-connect-location.jsonl", "verizon-connect-status.jsonl");

  private static final double KM_PER_MI = 1.609344;
  private static final DateTimeFormatter GEOTAB_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final Path dir;
  private final List<Writer> writers = new ArrayList<>();
  private final List<JsonGenerator> json = new ArrayList<>();
  private final Map<String, VehicleState> vehicles = new HashMap<>(); // lookup only, never iterated
  private long version;

  public VendorJsonSink(Path dir) {
    this.dir = dir;
    JsonFactory factory = new JsonFactory();
    try {
      Files.createDirectories(dir);
      for (String f : FILES) {
        Writer w = Files.newBufferedWriter(dir.resolve(f), StandardCharsets.UTF_8);
        writers.add(w);
        JsonGenerator g = factory.createGenerator(w);
        g.setRootValueSeparator(new com.fasterxml.jackson.core.io.SerializedString("\n"));
        json.add(g);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create vendor files in " + dir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void write(Stream stream, String key, long timestampMs, SpecificRecord value) {
    if (stream != Stream.VEHICLE_TELEMETRY) {
      return;
    }
    VehicleTelemetry t = (VehicleTelemetry) value;
    VehicleState s = vehicles.computeIfAbsent(t.getVehicleId(), id -> new VehicleState(id, vehicles.size() + 1));
    double bearing = s.bearing(t);
    boolean driving = t.getStatus() == VehicleStatus.DRIVING;
    if (s.stateSinceMs == Long.MIN_VALUE || driving != s.driving) {
      s.stateSinceMs = t.getTs().toEpochMilli();
      s.driving = driving;
    }
    try {
      samsara(json.get(0), t, s, bearing);
      geotabStatusData(json.get(1), t, s);
      geotabDeviceStatusInfo(json.get(2), t, s, bearing);
      verizonLocation(json.get(3), t, s, bearing);
      verizonStatus(json.get(4), t, s);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write vendor files in " + dir + ": " + e.getMessage(), e);
    }
    s.lastLat = t.getLatitudeDeg();
    s.lastLon = t.getLongitudeDeg();
  }

  private void samsara(JsonGenerator g, VehicleTelemetry t, VehicleState s, double bearing) throws IOException {
    String time = t.getTs().toString();
    g.writeStartObject();
    g.writeStringField("id", s.samsaraId);
    g.writeStringField("name", t.getVehicleId());
    if (t.getSocPct() != null) {
      g.writeObjectFieldStart("evStateOfChargeMilliPercent");
      g.writeStringField("time", time);
      g.writeNumberField("value", Math.round(t.getSocPct() * 1000));
      g.writeEndObject();
    }
    g.writeObjectFieldStart("evChargingStatus");
    g.writeStringField("time", time);
    g.writeNumberField("value", t.getStatus() == VehicleStatus.CHARGING ? 2 : t.getStatus() == VehicleStatus.UNKNOWN ? 0 : 1);
    g.writeEndObject();
    if (t.getLatitudeDeg() != null) {
      g.writeObjectFieldStart("gps");
      g.writeStringField("time", time);
      g.writeNumberField("latitude", t.getLatitudeDeg());
      g.writeNumberField("longitude", t.getLongitudeDeg());
      g.writeNumberField("headingDegrees", Math.round(bearing));
      g.writeNumberField("speedMilesPerHour", round1(speedKmh(t) / KM_PER_MI));
      g.writeBooleanField("isEcuSpeed", false);
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  private void geotabStatusData(JsonGenerator g, VehicleTelemetry t, VehicleState s) throws IOException {
    if (t.getSocPct() == null) {
      return;
    }
    version++;
    g.writeStartObject();
    g.writeNumberField("data", t.getSocPct());
    g.writeStringField("dateTime", GEOTAB_TIME.format(t.getTs()));
    g.writeObjectFieldStart("device");
    g.writeStringField("id", s.geotabId);
    g.writeEndObject();
    g.writeObjectFieldStart("diagnostic");
    g.writeStringField("id", "DiagnosticStateOfChargeId");
    g.writeEndObject();
    g.writeStringField("controller", "ControllerNoneId");
    g.writeStringField("version", hex16(version));
    g.writeStringField("id", "a" + Long.toString(version, 36));
    g.writeEndObject();
  }

  private void geotabDeviceStatusInfo(JsonGenerator g, VehicleTelemetry t, VehicleState s, double bearing)
      throws IOException {
    long durationS = (t.getTs().toEpochMilli() - s.stateSinceMs) / 1000;
    g.writeStartObject();
    g.writeNumberField("bearing", Math.round(bearing));
    g.writeStringField("currentStateDuration", timeSpan(durationS));
    g.writeArrayFieldStart("exceptionEvents");
    g.writeEndArray();
    g.writeBooleanField("isDeviceCommunicating", true);
    g.writeBooleanField("isDriving", s.driving);
    g.writeBooleanField("isHistoricLastDriver", false);
    g.writeNumberField("latitude", t.getLatitudeDeg());
    g.writeNumberField("longitude", t.getLongitudeDeg());
    g.writeNumberField("speed", Math.round(speedKmh(t)));
    g.writeStringField("dateTime", GEOTAB_TIME.format(t.getTs()));
    g.writeObjectFieldStart("device");
    g.writeStringField("id", s.geotabId);
    g.writeEndObject();
    g.writeStringField("driver", "UnknownDriverId");
    g.writeArrayFieldStart("groups");
    g.writeStartObject();
    g.writeStringField("id", t.getFleetId() == null ? "GroupCompanyId" : t.getFleetId());
    g.writeEndObject();
    g.writeEndArray();
    g.writeEndObject();
  }

  private void verizonLocation(JsonGenerator g, VehicleTelemetry t, VehicleState s, double bearing) throws IOException {
    g.writeStartObject();
    g.writeStringField("VehicleNumber", t.getVehicleId());
    g.writeStringField("DisplayState", displayState(t));
    g.writeNumberField("Direction", Math.round(bearing));
    g.writeStringField("Heading", compass(bearing));
    g.writeNumberField("Latitude", t.getLatitudeDeg());
    g.writeNumberField("Longitude", t.getLongitudeDeg());
    g.writeNumberField("Speed", round1(speedKmh(t) / KM_PER_MI));
    g.writeStringField("UpdateUTC", t.getTs().toString());
    g.writeBooleanField("IsPrivate", false);
    if (t.getDepotId() != null) {
      g.writeStringField("GeoFenceName", t.getDepotId());
    } else {
      g.writeNullField("GeoFenceName");
    }
    g.writeEndObject();
  }

  private void verizonStatus(JsonGenerator g, VehicleTelemetry t, VehicleState s) throws IOException {
    g.writeStartObject();
    g.writeStringField("VehicleNumber", t.getVehicleId());
    g.writeStringField("DisplayState", displayState(t));
    g.writeNumberField("Speed", round1(speedKmh(t) / KM_PER_MI));
    g.writeStringField("UpdateUTC", t.getTs().toString());
    if (t.getOdometerKm() != null) {
      g.writeNumberField("CurrentOdometer", round1(t.getOdometerKm() / KM_PER_MI));
    }
    if (t.getSocPct() != null) {
      g.writeNumberField("BatteryLevel", t.getSocPct());
    }
    if (t.getStatus() == VehicleStatus.CHARGING) {
      g.writeStringField("TractionBatteryChargingUtc", t.getTs().toString());
    }
    g.writeEndObject();
  }

  /** A .NET TimeSpan as Geotab writes it: hh:mm:ss, days folded into the hours. */
  static String timeSpan(long seconds) {
    long h = seconds / 3600;
    long m = (seconds / 60) % 60;
    long sec = seconds % 60;
    return (h < 10 ? "0" : "") + h + (m < 10 ? ":0" : ":") + m + (sec < 10 ? ":0" : ":") + sec;
  }

  private static String hex16(long v) {
    String hex = Long.toHexString(v);
    return "0".repeat(16 - hex.length()) + hex;
  }

  private static String displayState(VehicleTelemetry t) {
    return t.getStatus() == VehicleStatus.DRIVING ? "Moving" : "Stop";
  }

  private static double speedKmh(VehicleTelemetry t) {
    return t.getSpeedKmh() == null ? 0 : t.getSpeedKmh();
  }

  static String compass(double bearing) {
    String[] points = {"N", "NE", "E", "SE", "S", "SW", "W", "NW"};
    return points[(int) Math.round(((bearing % 360) + 360) % 360 / 45) % 8];
  }

  private static double round1(double v) {
    return Math.round(v * 10) / 10.0;
  }

  @Override
  public void close() {
    IOException failure = null;
    for (JsonGenerator g : json) {
      try {
        g.close();
      } catch (IOException e) {
        failure = e;
      }
    }
    for (Writer w : writers) {
      try {
        w.close();
      } catch (IOException e) {
        failure = e;
      }
    }
    if (failure != null) {
      throw new UncheckedIOException("cannot close vendor files in " + dir, failure);
    }
  }

  private static final class VehicleState {
    final String samsaraId;
    final String geotabId;
    Double lastLat;
    Double lastLon;
    double lastBearing;
    boolean driving;
    long stateSinceMs = Long.MIN_VALUE;

    VehicleState(String vehicleId, int ordinal) {
      // Stable provider-side ids: Samsara uses long numeric strings, Geotab short "b.." ids.
      this.samsaraId = Long.toString(281_474_976_710_656L + ordinal);
      this.geotabId = "b" + Integer.toHexString(ordinal).toUpperCase(java.util.Locale.ROOT);
    }

    /** Bearing from the previous position, degrees clockwise from north; kept while standing. */
    double bearing(VehicleTelemetry t) {
      if (lastLat != null && t.getLatitudeDeg() != null
          && (Math.abs(t.getLatitudeDeg() - lastLat) > 1e-6 || Math.abs(t.getLongitudeDeg() - lastLon) > 1e-6)) {
        double dNorth = t.getLatitudeDeg() - lastLat;
        double dEast = (t.getLongitudeDeg() - lastLon) * Math.cos(Math.toRadians(lastLat));
        lastBearing = (Math.toDegrees(Math.atan2(dEast, dNorth)) + 360) % 360;
      }
      return lastBearing;
    }
  }
}
