package energy.vgf.connectors.telematics.geotab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import energy.vgf.connectors.http.HttpStatusException;
import energy.vgf.connectors.http.HttpUnavailableException;
import energy.vgf.connectors.source.FeedItem;
import energy.vgf.connectors.source.FeedReader;
import energy.vgf.connectors.source.JsonPayloads;
import energy.vgf.connectors.source.MalformedPayloadException;
import energy.vgf.connectors.source.Page;
import java.util.List;
import java.util.Map;

/**
 * One GetFeed: StatusData of one diagnostic, or LogRecord. MyGeotab's data feed contract (SDK, "Data Feed"):
 * GetFeed(fromVersion) returns the entities after that version in version order and the toVersion to ask
 * from next; a page holding resultsLimit entities means more are ready. The version is the source offset.
 */
final class GeotabFeedReader implements FeedReader {

  private final GeotabApi api;
  private final String typeName;
  private final String diagnosticId;
  private final String startTime;
  private final int resultsLimit;
  private final GeotabFeedMapper mapper;

  GeotabFeedReader(GeotabApi api, String typeName, String diagnosticId, String startTime, int resultsLimit,
      GeotabFeedMapper mapper) {
    this.api = api;
    this.typeName = typeName;
    this.diagnosticId = diagnosticId;
    this.startTime = startTime;
    this.resultsLimit = resultsLimit;
    this.mapper = mapper;
  }

  @Override
  public Map<String, String> partition() {
    return diagnosticId == null ? Map.of("source", "geotab", "type", typeName)
        : Map.of("source", "geotab", "type", typeName, "diagnostic", diagnosticId);
  }

  @Override
  public String initialToken() {
    return "";
  }

  @Override
  public Page fetch(String fromVersion)
      throws HttpStatusException, HttpUnavailableException, MalformedPayloadException {
    ObjectNode params = JsonPayloads.MAPPER.createObjectNode().put("typeName", typeName)
        .put("resultsLimit", resultsLimit);
    ObjectNode search = JsonPayloads.MAPPER.createObjectNode();
    if (diagnosticId != null) {
      search.putObject("diagnosticSearch").put("id", diagnosticId);
    }
    if (fromVersion.isEmpty()) {
      if (!startTime.isEmpty()) {
        search.put("fromDate", startTime);
      }
    } else {
      params.put("fromVersion", fromVersion);
    }
    if (!search.isEmpty()) {
      params.set("search", search);
    }
    JsonNode result = api.call("GetFeed", params);
    JsonNode data = result.get("data");
    String toVersion = result.path("toVersion").asText("");
    if (data == null || !data.isArray() || toVersion.isEmpty()) {
      throw new MalformedPayloadException("Geotab GetFeed " + typeName + " result without data array and toVersion",
          result.toString(), null);
    }
    List<FeedItem> items = typeName.equals("LogRecord") ? mapper.mapLogRecords(data) : mapper.mapStatusData(data);
    return new Page(items, toVersion, data.size() >= resultsLimit);
  }
}
