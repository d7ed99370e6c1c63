package energy.vgf.serde;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * Strips Java code-generation hints (e.g. {@code "avro.java.string": "String"}, which the generated
 * classes carry) from a schema before it is registered. The registry then holds exactly the
 * contracts in schemas/avro, so a Java producer, a Connect converter and a JavaScript client all
 * register the same schema and get the same id.
 */
final class LanguageNeutralSchemas {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<Schema, Schema> CACHE = new ConcurrentHashMap<>();

  private LanguageNeutralSchemas() {}

  static Schema of(Schema schema) {
    return CACHE.computeIfAbsent(schema, LanguageNeutralSchemas::strip);
  }

  private static Schema strip(Schema schema) {
    String text = schema.toString();
    if (!text.contains("\"avro.java.")) {
      return schema;
    }
    try {
      JsonNode tree = JSON.readTree(text);
      removeJavaHints(tree);
      return new Schema.Parser().parse(JSON.writeValueAsString(tree));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot normalise schema " + schema.getFullName(), e);
    }
  }

  private static void removeJavaHints(JsonNode node) {
    if (node.isObject()) {
      ObjectNode object = (ObjectNode) node;
      object.remove("avro.java.string");
      object.elements().forEachRemaining(LanguageNeutralSchemas::removeJavaHints);
    } else if (node.isArray()) {
      node.elements().forEachRemaining(LanguageNeutralSchemas::removeJavaHints);
    }
  }
}
