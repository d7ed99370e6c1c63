package energy.vgf.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The registry's state, rebuilt by applying the {@code _schemas} log in order. Every instance
 * applies the same log with the same rules, so all agree without a leader: when two instances race
 * to give one id (or one subject version) to different schemas, the record that comes first in the
 * log wins everywhere and the loser's writer retries. Not thread-safe: the owner synchronises.
 */
final class SchemaStore {

  /** One version of a subject. */
  record SubjectVersion(String subject, int version, int id, String schema, boolean deleted) {}

  private final Map<String, TreeMap<Integer, SubjectVersion>> subjects = new HashMap<>();
  private final Map<Integer, String> schemasById = new HashMap<>();
  private final Map<String, Integer> idsBySchema = new HashMap<>();
  private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
  private CompatibilityLevel globalLevel;
  private int maxId;

  SchemaStore(CompatibilityLevel defaultLevel) {
    this.globalLevel = defaultLevel;
  }

  // ------------------------------------------------------------------ applying the log

  /** Applies a schema record; returns false when it lost a race and was ignored. */
  boolean applySchema(SubjectVersion record) {
    String boundSchema = schemasById.get(record.id());
    if (boundSchema != null && !boundSchema.equals(record.schema())) {
      return false;
    }
    Integer boundId = idsBySchema.get(record.schema());
    if (boundId != null && boundId != record.id()) {
      return false;
    }
    TreeMap<Integer, SubjectVersion> versions = subjects.computeIfAbsent(record.subject(), s -> new TreeMap<>());
    SubjectVersion existing = versions.get(record.version());
    if (existing != null && existing.id() != record.id()) {
      return false;
    }
    versions.put(record.version(), record);
    schemasById.put(record.id(), record.schema());
    idsBySchema.put(record.schema(), record.id());
    maxId = Math.max(maxId, record.id());
    return true;
  }

  /** A tombstone: the version is gone for good (its id stays resolvable, as consumers may hold it). */
  void applySchemaTombstone(String subject, int version) {
    TreeMap<Integer, SubjectVersion> versions = subjects.get(subject);
    if (versions != null) {
      versions.remove(version);
      if (versions.isEmpty()) {
        subjects.remove(subject);
      }
    }
  }

  void applyConfig(String subject, CompatibilityLevel level) {
    if (subject == null) {
      globalLevel = level == null ? CompatibilityLevel.BACKWARD : level;
    } else if (level == null) {
      subjectLevels.remove(subject);
    } else {
      subjectLevels.put(subject, level);
    }
  }

  // ------------------------------------------------------------------ queries

  int nextId() {
    return maxId + 1;
  }

  Optional<Integer> idOf(String canonicalSchema) {
    return Optional.ofNullable(idsBySchema.get(canonicalSchema));
  }

  Optional<String> schemaById(int id) {
    return Optional.ofNullable(schemasById.get(id));
  }

  boolean subjectExists(String subject, boolean includeDeleted) {
    return !versions(subject, includeDeleted).isEmpty();
  }

  /** Versions of the subject, oldest first. */
  List<SubjectVersion> versions(String subject, boolean includeDeleted) {
    TreeMap<Integer, SubjectVersion> versions = subjects.get(subject);
    if (versions == null) {
      return List.of();
    }
    List<SubjectVersion> out = new ArrayList<>();
    for (SubjectVersion v : versions.values()) {
      if (includeDeleted || !v.deleted()) {
        out.add(v);
      }
    }
    return out;
  }

  Optional<SubjectVersion> version(String subject, int version) {
    TreeMap<Integer, SubjectVersion> versions = subjects.get(subject);
    return versions == null ? Optional.empty() : Optional.ofNullable(versions.get(version));
  }

  /** Next version number: versions keep counting past soft-deleted ones. */
  int nextVersion(String subject) {
    TreeMap<Integer, SubjectVersion> versions = subjects.get(subject);
    return versions == null || versions.isEmpty() ? 1 : versions.lastKey() + 1;
  }

  List<String> subjects(boolean includeDeleted) {
    TreeSet<String> names = new TreeSet<>();
    for (String subject : subjects.keySet()) {
      if (subjectExists(subject, includeDeleted)) {
        names.add(subject);
      }
    }
    return new ArrayList<>(names);
  }

  /** Subject versions that use the schema id. */
  List<SubjectVersion> usesOf(int id) {
    List<SubjectVersion> out = new ArrayList<>();
    for (String subject : new TreeSet<>(subjects.keySet())) {
      for (SubjectVersion v : subjects.get(subject).values()) {
        if (v.id() == id && !v.deleted()) {
          out.add(v);
        }
      }
    }
    return out;
  }

  Optional<CompatibilityLevel> subjectLevel(String subject) {
    return Optional.ofNullable(subjectLevels.get(subject));
  }

  CompatibilityLevel globalLevel() {
    return globalLevel;
  }

  CompatibilityLevel effectiveLevel(String subject) {
    return subjectLevels.getOrDefault(subject, globalLevel);
  }
}
