package energy.vgf.simulator.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import energy.vgf.simulator.fleet.ArchetypeSpec;
import energy.vgf.simulator.fleet.Archetypes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads a scenario YAML (snake_case keys, see simulator/README.md). Sections left out take their
 * defaults; {@code archetypes:} overrides any field of a built-in archetype or adds a new one
 * (merged field by field onto the built-in of the same name).
 */
public final class ScenarioLoader {

  /** Name of the scenario shipped with the simulator. */
  public static final String DEFAULT = "default";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  private ScenarioLoader() {}

  /** A file path, or the name of a bundled scenario ({@code default}). */
  public static Scenario load(String pathOrName) {
    Path path = Path.of(pathOrName);
    if (Files.isRegularFile(path)) {
      try (InputStream in = Files.newInputStream(path)) {
        return parse(in, path.toString());
      } catch (IOException e) {
        throw new ScenarioException("cannot read scenario " + path + ": " + e.getMessage(), e);
      }
    }
    String resource = "/scenarios/" + pathOrName + (pathOrName.endsWith(".yaml") ? "" : ".yaml");
    try (InputStream in = ScenarioLoader.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new ScenarioException("scenario '" + pathOrName + "' is neither a file nor a bundled scenario (bundled: default)");
      }
      return parse(in, resource);
    } catch (IOException e) {
      throw new ScenarioException("cannot read scenario " + resource + ": " + e.getMessage(), e);
    }
  }

  public static Scenario loadDefault() {
    return load(DEFAULT);
  }

  static Scenario parse(InputStream in, String origin) {
    try {
      JsonNode root = YAML.readTree(in);
      if (!(root instanceof ObjectNode rootObject)) {
        throw new ScenarioException(origin + ": expected a mapping at the top level");
      }
      withDefault(rootObject, "telemetry", TelemetrySpec.DEFAULT);
      withDefault(rootObject, "market", MarketSpec.DEFAULT);
      withDefault(rootObject, "weather", WeatherSpec.DEFAULT);
      withDefault(rootObject, "faults", FaultSpec.NONE);
      ObjectNode archetypes = YAML.valueToTree(Archetypes.defaults());
      JsonNode overrides = rootObject.get("archetypes");
      if (overrides != null && !overrides.isNull()) {
        if (!overrides.isObject()) {
          throw new ScenarioException(origin + ": archetypes must be a mapping of archetype name to fields");
        }
        Iterator<Map.Entry<String, JsonNode>> it = overrides.fields();
        while (it.hasNext()) {
          Map.Entry<String, JsonNode> e = it.next();
          JsonNode base = archetypes.get(e.getKey());
          ObjectNode merged = base == null ? YAML.createObjectNode().put("name", e.getKey()) : base.deepCopy();
          merge(merged, e.getValue());
          archetypes.set(e.getKey(), merged);
        }
      }
      rootObject.set("archetypes", archetypes);
      return YAML.treeToValue(rootObject, Scenario.class);
    } catch (JsonMappingException e) {
      throw new ScenarioException(origin + ": " + path(e) + ": " + rootMessage(e), e);
    } catch (JsonProcessingException e) {
      throw new ScenarioException(origin + ": not valid YAML: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new ScenarioException("cannot read scenario " + origin + ": " + e.getMessage(), e);
    }
  }

  private static void withDefault(ObjectNode root, String key, Object defaults) {
    ObjectNode merged = YAML.valueToTree(defaults);
    JsonNode given = root.get(key);
    if (given != null && !given.isNull()) {
      merge(merged, given);
    }
    root.set(key, merged);
  }

  /** Deep merge: objects field by field, anything else (lists, scalars) replaced. */
  private static void merge(ObjectNode target, JsonNode update) {
    Iterator<Map.Entry<String, JsonNode>> it = update.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode existing = target.get(e.getKey());
      if (existing instanceof ObjectNode existingObject && e.getValue().isObject()) {
        merge(existingObject, e.getValue());
      } else {
        target.set(e.getKey(), e.getValue());
      }
    }
  }

  private static String path(JsonMappingException e) {
    return e.getPath().stream()
        .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
        .collect(Collectors.joining(".")).replace(".[", "[");
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String message = t instanceof JsonMappingException jm ? jm.getOriginalMessage() : t.getMessage();
    return message != null && message.startsWith("Cannot map `null` into type") ? "is required (missing or null)" : message;
  }

  /** The archetype a fleet uses. */
  public static ArchetypeSpec archetype(Scenario scenario, FleetSpec fleet) {
    return scenario.archetypes().get(fleet.archetype());
  }
}
