package energy.vgf.ocpp.security;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * The enrolled chargers, as the bridge currently knows them. Fed from the compacted enrolment topic (or directly in
 * tests); a running bridge sees additions and removals as they arrive, without a restart.
 */
public final class ChargerRegistry {
  private final Map<String, EnrolledCharger> chargers = new ConcurrentHashMap<>();
  private final List<BiConsumer<String, EnrolledCharger>> listeners = new CopyOnWriteArrayList<>();

  public void put(EnrolledCharger charger) {
    chargers.put(charger.chargerId(), charger);
    listeners.forEach(l -> l.accept(charger.chargerId(), charger));
  }

  /** Removes a charger (a tombstone on the enrolment topic). */
  public void remove(String chargerId) {
    if (chargers.remove(chargerId) != null) {
      listeners.forEach(l -> l.accept(chargerId, null));
    }
  }

  public Optional<EnrolledCharger> get(String chargerId) {
    return Optional.ofNullable(chargers.get(chargerId));
  }

  public Collection<EnrolledCharger> all() {
    return List.copyOf(chargers.values());
  }

  public int size() {
    return chargers.size();
  }

  /** Called with (id, charger) on every change; charger is null on removal. */
  public void onChange(BiConsumer<String, EnrolledCharger> listener) {
    listeners.add(listener);
  }
}
