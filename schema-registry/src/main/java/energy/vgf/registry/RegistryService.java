package energy.vgf.registry;

import energy.vgf.registry.SchemaStore.SubjectVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * What the registry does, independent of HTTP: register, look up, check compatibility, configure
 * and delete, with Confluent's semantics and error codes. Reads see a consistent store; writes go
 * through the Kafka log one at a time per instance.
 */
final class RegistryService {

  private static final int MAX_WRITE_ATTEMPTS = 20;

  private final SchemaStore store;
  private final KafkaSchemaLog log;
  private final Object writeLock = new Object();

  RegistryService(SchemaStore store, KafkaSchemaLog log) {
    this.store = store;
    this.log = log;
  }

  private <T> T read(Supplier<T> query) {
    synchronized (log.lock()) {
      return query.get();
    }
  }

  /** Parses and normalises a schema; the normal form is what identity and ids are based on. */
  static Schema parse(String schemaText) {
    if (schemaText == null || schemaText.isBlank()) {
      throw new RegistryException(RegistryException.INVALID_SCHEMA, "Invalid schema: the 'schema' field is missing or empty");
    }
    try {
      return new Schema.Parser().setValidateDefaults(true).parse(schemaText);
    } catch (SchemaParseException | NullPointerException e) {
      throw new RegistryException(RegistryException.INVALID_SCHEMA, "Invalid schema: " + e.getMessage());
    }
  }

  static void requireAvro(String schemaType) {
    if (schemaType != null && !schemaType.equals("AVRO")) {
      throw new RegistryException(RegistryException.INVALID_SCHEMA,
          "Invalid schema: schemaType " + schemaType + " is not supported; this registry stores AVRO schemas");
    }
  }

  // ------------------------------------------------------------------ writes

  int register(String subject, String schemaText) {
    Schema schema = parse(schemaText);
    String canonical = schema.toString();
    synchronized (writeLock) {
      log.syncToEnd();
      for (int attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
        SubjectVersion candidate;
        synchronized (log.lock()) {
          for (SubjectVersion existing : store.versions(subject, false)) {
            if (existing.schema().equals(canonical)) {
              return existing.id();
            }
          }
          List<Schema> earlier = schemas(store.versions(subject, false));
          List<String> problems = store.effectiveLevel(subject).check(schema, earlier);
          if (!problems.isEmpty()) {
            throw new RegistryException(RegistryException.INCOMPATIBLE_SCHEMA,
                "Schema being registered is incompatible with an earlier schema for subject \"" + subject
                    + "\" (" + store.effectiveLevel(subject) + "): " + String.join("; ", problems));
          }
          int id = store.idOf(canonical).orElse(store.nextId());
          candidate = new SubjectVersion(subject, store.nextVersion(subject), id, canonical, false);
        }
        log.writeSchema(candidate);
        boolean won = read(() -> store.version(subject, candidate.version())
            .map(v -> v.id() == candidate.id() && v.schema().equals(canonical)).orElse(false));
        if (won) {
          return candidate.id();
        }
        // Another instance took the id or the version first: recompute from the newer state.
      }
      throw new RegistryException(RegistryException.STORE_ERROR,
          "could not register under " + subject + " after " + MAX_WRITE_ATTEMPTS + " attempts: too much contention");
    }
  }

  /** Soft-deletes (or, with permanent, removes) every version; returns the version numbers. */
  List<Integer> deleteSubject(String subject, boolean permanent) {
    synchronized (writeLock) {
      log.syncToEnd();
      List<SubjectVersion> all = read(() -> store.versions(subject, true));
      if (all.isEmpty()) {
        throw subjectNotFound(subject);
      }
      boolean anyLive = all.stream().anyMatch(v -> !v.deleted());
      List<Integer> numbers = new ArrayList<>();
      if (permanent) {
        if (anyLive) {
          throw new RegistryException(RegistryException.SUBJECT_NOT_SOFT_DELETED, "Subject '" + subject
              + "' was not deleted first before being permanently deleted");
        }
        for (SubjectVersion v : all) {
          log.writeSchemaTombstone(subject, v.version());
          numbers.add(v.version());
        }
        log.writeConfig(subject, null);
      } else {
        if (!anyLive) {
          throw new RegistryException(RegistryException.SUBJECT_SOFT_DELETED, "Subject '" + subject
              + "' was soft deleted.Set permanent=true to delete permanently");
        }
        for (SubjectVersion v : all) {
          if (!v.deleted()) {
            log.writeSchema(new SubjectVersion(subject, v.version(), v.id(), v.schema(), true));
            numbers.add(v.version());
          }
        }
      }
      return numbers;
    }
  }

  int deleteVersion(String subject, String versionText, boolean permanent) {
    synchronized (writeLock) {
      log.syncToEnd();
      SubjectVersion v = read(() -> resolveVersion(subject, versionText, true));
      if (permanent) {
        if (!v.deleted()) {
          throw new RegistryException(RegistryException.VERSION_NOT_SOFT_DELETED, "Subject '" + subject
              + "' Version " + v.version() + " was not deleted first before being permanently deleted");
        }
        log.writeSchemaTombstone(subject, v.version());
      } else {
        if (v.deleted()) {
          throw new RegistryException(RegistryException.VERSION_SOFT_DELETED, "Subject '" + subject
              + "' Version " + v.version() + " was soft deleted.Set permanent=true to delete permanently");
        }
        log.writeSchema(new SubjectVersion(subject, v.version(), v.id(), v.schema(), true));
      }
      return v.version();
    }
  }

  CompatibilityLevel setLevel(String subject, CompatibilityLevel level) {
    synchronized (writeLock) {
      log.writeConfig(subject, level);
      return level;
    }
  }

  CompatibilityLevel deleteSubjectLevel(String subject) {
    synchronized (writeLock) {
      log.syncToEnd();
      CompatibilityLevel previous = read(() -> store.subjectLevel(subject)).orElseThrow(() ->
          new RegistryException(RegistryException.SUBJECT_LEVEL_COMPATIBILITY_NOT_CONFIGURED,
              "Subject '" + subject + "' does not have subject-level compatibility configured"));
      log.writeConfig(subject, null);
      return previous;
    }
  }

  // ------------------------------------------------------------------ reads

  SubjectVersion lookup(String subject, String schemaText, boolean includeDeleted) {
    String canonical = parse(schemaText).toString();
    return read(() -> {
      List<SubjectVersion> versions = store.versions(subject, includeDeleted);
      if (versions.isEmpty()) {
        throw subjectNotFound(subject);
      }
      return versions.stream().filter(v -> v.schema().equals(canonical)).reduce((a, b) -> b)
          .orElseThrow(() -> new RegistryException(RegistryException.SCHEMA_NOT_FOUND, "Schema not found"));
    });
  }

  List<String> subjects(boolean includeDeleted) {
    return read(() -> store.subjects(includeDeleted));
  }

  List<Integer> versionNumbers(String subject, boolean includeDeleted) {
    return read(() -> {
      List<SubjectVersion> versions = store.versions(subject, includeDeleted);
      if (versions.isEmpty()) {
        throw subjectNotFound(subject);
      }
      return versions.stream().map(SubjectVersion::version).toList();
    });
  }

  SubjectVersion version(String subject, String versionText, boolean includeDeleted) {
    return read(() -> resolveVersion(subject, versionText, includeDeleted));
  }

  /** A schema by id; on a miss the store first catches up, as the id may be brand new elsewhere. */
  String schemaById(int id) {
    Optional<String> schema = read(() -> store.schemaById(id));
    if (schema.isEmpty()) {
      log.syncToEnd();
      schema = read(() -> store.schemaById(id));
    }
    return schema.orElseThrow(() -> new RegistryException(RegistryException.SCHEMA_NOT_FOUND, "Schema " + id + " not found"));
  }

  List<SubjectVersion> usesOf(int id) {
    schemaById(id);
    return read(() -> store.usesOf(id));
  }

  /** Returns the reasons the schema is incompatible with the given version ("latest" or n); empty if compatible. */
  List<String> checkCompatibility(String subject, String versionText, String schemaText) {
    Schema candidate = parse(schemaText);
    return read(() -> {
      if (!store.subjectExists(subject, false)) {
        throw subjectNotFound(subject);
      }
      CompatibilityLevel level = store.effectiveLevel(subject);
      List<SubjectVersion> live = store.versions(subject, false);
      List<Schema> against;
      if (level.transitive()) {
        against = schemas(live);
      } else {
        against = List.of(parse(resolveVersion(subject, versionText, false).schema()));
      }
      return level.check(candidate, against);
    });
  }

  Optional<CompatibilityLevel> subjectLevel(String subject) {
    return read(() -> store.subjectLevel(subject));
  }

  CompatibilityLevel globalLevel() {
    return read(store::globalLevel);
  }

  // ------------------------------------------------------------------ helpers (call under the read lock)

  private SubjectVersion resolveVersion(String subject, String versionText, boolean includeDeleted) {
    List<SubjectVersion> versions = store.versions(subject, includeDeleted);
    if (versions.isEmpty()) {
      throw subjectNotFound(subject);
    }
    if (versionText.equals("latest") || versionText.equals("-1")) {
      return versions.get(versions.size() - 1);
    }
    int number;
    try {
      number = Integer.parseInt(versionText);
    } catch (NumberFormatException e) {
      number = 0;
    }
    if (number <= 0) {
      throw new RegistryException(RegistryException.INVALID_VERSION, "The specified version '" + versionText
          + "' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\"");
    }
    int wanted = number;
    return versions.stream().filter(v -> v.version() == wanted).findFirst()
        .orElseThrow(() -> new RegistryException(RegistryException.VERSION_NOT_FOUND, "Version " + wanted + " not found."));
  }

  private static List<Schema> schemas(List<SubjectVersion> versions) {
    return versions.stream().map(v -> parse(v.schema())).toList();
  }

  private static RegistryException subjectNotFound(String subject) {
    return new RegistryException(RegistryException.SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found.");
  }
}
