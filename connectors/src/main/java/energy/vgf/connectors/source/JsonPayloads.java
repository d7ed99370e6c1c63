package energy.vgf.connectors.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Reading JSON payloads with errors that name the field and the value. */
public final class JsonPayloads {

  public static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonPayloads() {}

  public static JsonNode parse(byte[] body, String what) throws MalformedPayloadException {
    String raw = new String(body, StandardCharsets.UTF_8);
    try {
      JsonNode node = MAPPER.readTree(raw);
      if (node == null || node.isMissingNode()) {
        throw new MalformedPayloadException(what + ": empty body", raw, null);
      }
      return node;
    } catch (IOException e) {
      throw new MalformedPayloadException(what + " is not JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()), raw, e);
    }
  }

  public static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull() || !v.isValueNode() || v.asText().isEmpty()) {
      throw new MappingException("missing or empty '" + field + "'");
    }
    return v.asText();
  }

  public static double number(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || !v.isNumber()) {
      throw new MappingException("'" + field + "' is not a number: " + (v == null ? "missing" : v.toString()));
    }
    return v.asDouble();
  }

  public static Double optionalNumber(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isNumber()) {
      throw new MappingException("'" + field + "' is not a number: " + v);
    }
    return v.asDouble();
  }

  /** RFC 3339 / ISO-8601 with an offset (Z or +hh:mm). */
  public static Instant instant(JsonNode node, String field) {
    String s = text(node, field);
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      throw new MappingException("'" + field + "' is not an ISO-8601 date-time with offset: " + s);
    }
  }
}
