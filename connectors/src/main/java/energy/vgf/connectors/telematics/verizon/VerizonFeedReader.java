package energy.vgf.connectors.telematics.verizon;

import com.fasterxml.jackson.databind.JsonNode;
import energy.vgf.connectors.http.HttpFetcher;
import energy.vgf.connectors.http.HttpStatusException;
import energy.vgf.connectors.http.HttpUnavailableException;
import energy.vgf.connectors.source.FeedItem;
import energy.vgf.connectors.source.JsonPayloads;
import energy.vgf.connectors.source.FeedReader;
import energy.vgf.connectors.source.MalformedPayloadException;
import energy.vgf.connectors.source.MappingException;
import energy.vgf.connectors.source.Page;
import energy.vgf.connectors.telematics.VehicleIds;
import energy.vgf.telemetry.VehicleTelemetry;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One vehicle's latest location, polled; the token is the UpdateUTC of the last position written, so a
 * position is written once, also across restarts, and an unchanged one is not written again.
 */
final class VerizonFeedReader implements FeedReader {

  private final HttpFetcher http;
  private final URI base;
  private final RevealAuth auth;
  private final String vehicleNumber;
  private final VehicleIds ids;
  private final boolean mph;

  VerizonFeedReader(HttpFetcher http, URI base, RevealAuth auth, String vehicleNumber, VehicleIds ids, boolean mph) {
    this.http = http;
    this.base = base;
    this.auth = auth;
    this.vehicleNumber = vehicleNumber;
    this.ids = ids;
    this.mph = mph;
  }

  @Override
  public Map<String, String> partition() {
    return Map.of("source", "verizon-connect", "vehicle", vehicleNumber);
  }

  @Override
  public String initialToken() {
    return "";
  }

  @Override
  public Page fetch(String token) throws HttpStatusException, HttpUnavailableException, MalformedPayloadException {
    URI uri = URI.create(base + "/rad/v1/vehicles/" + URLEncoder.encode(vehicleNumber, StandardCharsets.UTF_8)
        .replace("+", "%20") + "/location");
    byte[] body;
    try {
      body = http.get(uri, Map.of("Authorization", auth.authorization(), "Accept", "application/json")).body();
    } catch (HttpStatusException e) {
      if (e.status() != 401) {
        throw e;
      }
      auth.invalidate(); // the token expired early: one new token, then give up
      body = http.get(uri, Map.of("Authorization", auth.authorization(), "Accept", "application/json")).body();
    }
    JsonNode location = JsonPayloads.parse(body, "Verizon Connect location of " + vehicleNumber);
    String raw = new String(body, StandardCharsets.UTF_8);
    VehicleTelemetry t;
    try {
      t = RevealLocations.map(location, vehicleNumber, ids, mph);
    } catch (MappingException e) {
      String at = location.path("UpdateUTC").asText("");
      if (at.isEmpty() || at.equals(token)) {
        throw new MalformedPayloadException("Verizon Connect location of " + vehicleNumber + ": " + e.getMessage(),
            raw, e);
      }
      // A position that cannot be mapped is dead-lettered once, and the feed moves past it.
      return new Page(List.of(FeedItem.rejected(raw, new MappingException("Verizon Connect vehicle " + vehicleNumber
          + ": " + e.getMessage()))), at, false, true);
    }
    String at = t.getTs().toString();
    if (!token.isEmpty() && !t.getTs().isAfter(java.time.Instant.parse(token))) {
      return Page.empty(token); // the vehicle has not reported since
    }
    return new Page(List.of(new FeedItem.Mapped(t.getVehicleId(), t, t.getTs())), at, false, true);
  }
}
