package energy.vgf.ocpp.bridge;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The bridge's view of what each site's chargers may draw right now, so that a session that starts between two
 * dispatch plans gets only the site's spare power.
 *
 * <p>Dispatch plans a site's sessions within its import limit, but it learns of a new session a relay hop and a
 * solve later. Until then the charger would draw its TxDefaultProfile on top of the plan in force (over the limit
 * when the plan already uses it), or a rate far below what the site could give it (the vehicle falls behind its
 * departure). The guard closes that gap locally: a new session's interim limit is the site's charging limit less
 * what every other running session may draw under the profile in force on it (its last TxProfile while valid, else
 * the fail-safe TxDefaultProfile), at most the charger's own maximum. Dispatch's setpoint replaces the interim one
 * when it comes.
 *
 * <p>The same bound holds for dispatch's setpoints: a plan made before it knew of a session that started since
 * (and drew the spare power) would otherwise take the site over its limit until the next re-plan. Such a setpoint
 * is capped to what the site has left and remembered; when another session's limit falls or a session ends, the
 * capped ones are delivered again (a plan's setpoints arrive one by one, raises before cuts).
 *
 * <p>Everything is reserved under one lock: two sessions starting at once at a site must not both take the same
 * spare power.
 */
final class SitePowerGuard {

  /** A charger connector. */
  record ConnectorKey(String chargerId, int connectorId) {}

  /** A running session: its site, what its charger falls back to, and the TxProfile limit in force until when. */
  private record Session(String siteId, double failSafeKw, double grantedKw, Instant grantedUntil) {
    double inForceKw(Instant now) {
      return grantedUntil != null && grantedUntil.isAfter(now) ? grantedKw : failSafeKw;
    }
  }

  private final Map<String, Double> siteChargingLimitsKw;
  private final Map<ConnectorKey, Session> sessions = new HashMap<>();
  private final java.util.Set<ConnectorKey> capped = new java.util.HashSet<>();

  SitePowerGuard(Map<String, Double> siteChargingLimitsKw) {
    this.siteChargingLimitsKw = Map.copyOf(siteChargingLimitsKw);
  }

  boolean guards(String siteId) {
    return siteId != null && siteChargingLimitsKw.containsKey(siteId);
  }

  /** A session started on {@code key}: it draws its fail-safe rate until a profile is granted. */
  synchronized void started(ConnectorKey key, String siteId, double failSafeKw) {
    if (guards(siteId)) {
      sessions.put(key, new Session(siteId, failSafeKw, 0, null));
    }
  }

  /** @return the session's site when it was guarded (its power is free again), else null */
  synchronized String ended(ConnectorKey key) {
    capped.remove(key);
    Session s = sessions.remove(key);
    return s == null ? null : s.siteId();
  }

  /** A charger rebooted: its sessions are gone (it reports the ones that survive again). */
  synchronized void rebooted(String chargerId) {
    sessions.keySet().removeIf(k -> k.chargerId().equals(chargerId));
    capped.removeIf(k -> k.chargerId().equals(chargerId));
  }

  /**
   * A TxProfile limiting {@code key} to {@code powerKw} (charging; discharge counts as 0) until {@code until}.
   *
   * @return the session's site when this lowered what it may draw (capped sessions there may get more), else null
   */
  synchronized String granted(ConnectorKey key, double powerKw, Instant until, Instant now) {
    Session s = sessions.get(key);
    if (s == null) {
      return null;
    }
    Session next = new Session(s.siteId(), s.failSafeKw(), Math.max(0, powerKw), until);
    sessions.put(key, next);
    return next.inForceKw(now) < s.inForceKw(now) ? s.siteId() : null;
  }

  /**
   * The power a setpoint of {@code requestedKw} for the session on {@code key} may have: at most the site's spare
   * power, 0 rather than less than {@code minKw}. Unguarded sessions and discharge pass unchanged.
   */
  synchronized double cap(ConnectorKey key, double requestedKw, double minKw, Instant now) {
    Session own = sessions.get(key);
    if (own == null || requestedKw <= 0) {
      capped.remove(key);
      return requestedKw;
    }
    double spare = spareKw(own.siteId(), key, now);
    if (requestedKw <= spare) {
      capped.remove(key);
      return requestedKw;
    }
    capped.add(key);
    return spare >= minKw && spare > 0 ? Math.floor(spare * 10) / 10 : 0.0;
  }

  /** Sessions at {@code siteId} whose last setpoint was capped. */
  synchronized java.util.List<ConnectorKey> cappedAt(String siteId) {
    return capped.stream().filter(k -> sessions.containsKey(k) && sessions.get(k).siteId().equals(siteId)).toList();
  }

  /**
   * Reserves the interim limit of the session on {@code key}: the site's spare power, at most {@code maxKw}, and 0
   * rather than less than {@code minKw} (a charger cannot run below its minimum, and rounding up would exceed).
   */
  synchronized double reserveInterim(ConnectorKey key, double maxKw, double minKw, Instant now, Instant until) {
    Session own = sessions.get(key);
    if (own == null || !guards(own.siteId())) {
      throw new IllegalStateException(key + " has no session at a guarded site");
    }
    double kw = cap(key, maxKw, minKw, now);
    capped.remove(key); // an interim limit is the spare power by definition, not a capped setpoint
    sessions.put(key, new Session(own.siteId(), own.failSafeKw(), kw, until));
    return kw;
  }

  /** The site's charging limit less what its other sessions may draw now. */
  synchronized double spareKw(String siteId, ConnectorKey except, Instant now) {
    double used = 0;
    for (Map.Entry<ConnectorKey, Session> e : sessions.entrySet()) {
      if (!e.getKey().equals(except) && e.getValue().siteId().equals(siteId)) {
        used += e.getValue().inForceKw(now);
      }
    }
    return Math.max(0, siteChargingLimitsKw.get(siteId) - used);
  }
}
