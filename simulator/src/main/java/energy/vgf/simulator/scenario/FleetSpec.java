package energy.vgf.simulator.scenario;

/** A fleet of one archetype based at a depot; its vehicles are {@code <id>-001, <id>-002, ...}. */
public record FleetSpec(String id, String archetype, int count) {

  public FleetSpec {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("fleets[].id must be set");
    }
    if (count < 0) {
      throw new IllegalArgumentException("fleet " + id + ": count must be >= 0, got " + count);
    }
  }

  public FleetSpec withCount(int newCount) {
    return new FleetSpec(id, archetype, newCount);
  }
}
