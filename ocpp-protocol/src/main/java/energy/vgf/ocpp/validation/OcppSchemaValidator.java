package energy.vgf.ocpp.validation;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import energy.vgf.ocpp.rpc.OcppVersion;
import energy.vgf.ocpp.rpc.RpcErrorCode;
import energy.vgf.ocpp.rpc.RpcException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Validates OCPP payloads against the official JSON schemas of their version (vendored under
 * {@code ocpp/schemas}, see PROVENANCE.md) and maps the first violation to the CALLERROR code OCPP-J prescribes.
 * Schemas of a version are compiled once, on first use; instances are thread-safe and meant to be shared.
 */
public final class OcppSchemaValidator {
  private static final OcppSchemaValidator SHARED = new OcppSchemaValidator();

  private final Map<OcppVersion, Map<String, Schema>> schemasByVersion =
      Collections.synchronizedMap(new EnumMap<>(OcppVersion.class));

  public static OcppSchemaValidator shared() {
    return SHARED;
  }

  /** True when the version defines the action (in the given direction-agnostic sense: a request schema exists). */
  public boolean knowsAction(OcppVersion version, String action) {
    return schemas(version).containsKey(version.requestSchemaId(action));
  }

  public Set<String> schemaIds(OcppVersion version) {
    return schemas(version).keySet();
  }

  public void validateRequest(OcppVersion version, String action, JsonNode payload) {
    validate(version, version.requestSchemaId(action), action, payload);
  }

  public void validateResponse(OcppVersion version, String action, JsonNode payload) {
    validate(version, version.responseSchemaId(action), action, payload);
  }

  private void validate(OcppVersion version, String schemaId, String action, JsonNode payload) {
    Schema schema = schemas(version).get(schemaId);
    if (schema == null) {
      throw new RpcException(RpcErrorCode.NOT_IMPLEMENTED, "Action " + action + " is not defined in "
          + version.subprotocol());
    }
    // The boolean output stops at the first failure and collects nothing: the common, valid case stays cheap
    // (about half the cost of a full validation). Only an invalid payload is validated again for its error.
    if (Boolean.TRUE.equals(schema.validate(payload, com.networknt.schema.OutputFormat.BOOLEAN))) {
      return;
    }
    List<Error> errors = schema.validate(payload);
    if (!errors.isEmpty()) {
      Error first = errors.get(0);
      throw new RpcException(codeFor(first.getKeyword()), action + ": " + first.getMessage());
    }
  }

  /**
   * OCPP-J 1.6 §4.2.3 / 2.0.1 Part 4 §4.3: TypeConstraintViolation for a wrong data type; OccurrenceConstraint-
   * Violation when a field occurs too few or too many times (required fields, array sizes);
   * PropertyConstraintViolation for an invalid value of a correctly typed field (enum, length, range, pattern,
   * format); FormatViolation when the payload does not conform to the PDU structure (unknown properties).
   */
  static RpcErrorCode codeFor(String keyword) {
    if (keyword == null) {
      return RpcErrorCode.FORMAT_VIOLATION;
    }
    return switch (keyword) {
      case "type" -> RpcErrorCode.TYPE_CONSTRAINT_VIOLATION;
      case "required", "minItems", "maxItems", "minProperties", "maxProperties", "additionalItems", "uniqueItems" ->
          RpcErrorCode.OCCURRENCE_CONSTRAINT_VIOLATION;
      case "enum", "const", "maxLength", "minLength", "maximum", "minimum", "exclusiveMaximum", "exclusiveMinimum",
           "multipleOf", "pattern", "format" -> RpcErrorCode.PROPERTY_CONSTRAINT_VIOLATION;
      default -> RpcErrorCode.FORMAT_VIOLATION;
    };
  }

  private Map<String, Schema> schemas(OcppVersion version) {
    return schemasByVersion.computeIfAbsent(version, OcppSchemaValidator::load);
  }

  /**
   * The OCA's generator leaves "javaType" and "comment" in the schemas: annotations without meaning for validation,
   * which the validator would otherwise log as unknown keywords.
   */
  private static void stripAnnotations(JsonNode node) {
    if (node instanceof tools.jackson.databind.node.ObjectNode o) {
      // Only string values: an object under these names would be a property definition, not an annotation.
      for (String annotation : new String[] {"javaType", "comment"}) {
        if (o.has(annotation) && o.get(annotation).isString()) {
          o.remove(annotation);
        }
      }
    }
    for (JsonNode child : node) {
      stripAnnotations(child);
    }
  }

  private static Map<String, Schema> load(OcppVersion version) {
    SchemaRegistryConfig config = SchemaRegistryConfig.builder()
        // date-time must be asserted: OCPP timestamps are RFC 3339 (OCPP-J 1.6 §4.1.6, 2.0.1 Part 2 §2.1.4).
        .formatAssertionsEnabled(true)
        .build();
    SchemaRegistry registry =
        SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7, b -> b.schemaRegistryConfig(config));
    String resource = "/ocpp/schemas/" + version.schemaBundle();
    JsonMapper mapper = JsonMapper.builder().build();
    try (InputStream in = OcppSchemaValidator.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("Missing bundled OCPP schemas " + resource);
      }
      JsonNode bundle = mapper.readTree(in);
      Map<String, Schema> byId = new HashMap<>();
      for (JsonNode schemaNode : bundle) {
        stripAnnotations(schemaNode);
        byId.put(schemaNode.get("$id").stringValue(), registry.getSchema(schemaNode));
      }
      return Map.copyOf(byId);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + resource, e);
    }
  }
}
