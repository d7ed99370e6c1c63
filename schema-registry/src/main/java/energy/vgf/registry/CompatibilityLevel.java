package energy.vgf.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/** Compatibility levels as Confluent defines them, checked with Avro's own SchemaCompatibility. */
public enum CompatibilityLevel {
  NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE;

  public static CompatibilityLevel parse(String value) {
    if (value == null) {
      throw new RegistryException(RegistryException.INVALID_COMPATIBILITY_LEVEL,
          "Invalid compatibility level. Valid values are none, backward, forward, full, "
              + "backward_transitive, forward_transitive, and full_transitive");
    }
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new RegistryException(RegistryException.INVALID_COMPATIBILITY_LEVEL,
          "Invalid compatibility level '" + value + "'. Valid values are none, backward, forward, full, "
              + "backward_transitive, forward_transitive, and full_transitive");
    }
  }

  /** Whether the level compares with every earlier version rather than only the latest. */
  public boolean transitive() {
    return name().endsWith("_TRANSITIVE");
  }

  /**
   * Checks a candidate against earlier versions (oldest first); returns the reasons it is
   * incompatible, empty when it is compatible.
   */
  public List<String> check(Schema candidate, List<Schema> earlierOldestFirst) {
    List<String> problems = new ArrayList<>();
    if (this == NONE || earlierOldestFirst.isEmpty()) {
      return problems;
    }
    List<Schema> against = transitive() ? earlierOldestFirst
        : List.of(earlierOldestFirst.get(earlierOldestFirst.size() - 1));
    boolean backward = this == BACKWARD || this == BACKWARD_TRANSITIVE || this == FULL || this == FULL_TRANSITIVE;
    boolean forward = this == FORWARD || this == FORWARD_TRANSITIVE || this == FULL || this == FULL_TRANSITIVE;
    for (Schema existing : against) {
      if (backward) {
        // BACKWARD: consumers on the new schema can read data written with the old one.
        describe(SchemaCompatibility.checkReaderWriterCompatibility(candidate, existing), "BACKWARD", problems);
      }
      if (forward) {
        // FORWARD: consumers still on the old schema can read data written with the new one.
        describe(SchemaCompatibility.checkReaderWriterCompatibility(existing, candidate), "FORWARD", problems);
      }
    }
    return problems;
  }

  private static void describe(SchemaPairCompatibility result, String direction, List<String> problems) {
    if (result.getType() == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
      return;
    }
    for (Incompatibility incompatibility : result.getResult().getIncompatibilities()) {
      problems.add(direction + ": " + incompatibility.getType() + " at " + incompatibility.getLocation()
          + ": " + incompatibility.getMessage());
    }
  }
}
