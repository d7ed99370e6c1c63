package energy.vgf.ocpp.sim;

import energy.vgf.ocpp.rpc.OcppVersion;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The charging profiles installed on one simulated charger and the limit they compose to.
 *
 * <p>Composition follows OCPP 1.6 §3.13.4 / 2.0.1 K (Smart Charging): within a purpose the valid profile with the
 * highest stackLevel wins; a TxProfile overrules the TxDefaultProfile for its transaction; the
 * ChargePointMaxProfile (ChargingStationMaxProfile) caps the result.
 */
public final class ProfileStore {
  /** A profile as installed, with the connector (1.6) or EVSE (2.x) it was set on; 0 means the whole charger. */
  public record Installed(int connectorId, int profileId, int stackLevel, String purpose, String kind,
      String transactionId, Instant validFrom, Instant validTo, Instant startSchedule, Long durationS,
      String rateUnit, List<Period> periods) {}

  /** One schedule period: limit (W or A per phase), phases, and the 2.1 V2X setpoint fields. */
  public record Period(long startPeriodS, Double limit, Integer numberPhases, String operationMode, Double setpoint,
      Double dischargeLimit) {}

  /** What applies right now: a charge limit in W and, in 2.1 CentralSetpoint mode, a signed setpoint in W. */
  public record Effective(double limitW, Double setpointW, Installed source) {}

  private final List<Installed> profiles = new ArrayList<>();

  synchronized void install(Installed p) {
    // OCPP 1.6 §5.16.3 / 2.0.1 K01.FR.05: a profile with the same id, or the same stackLevel and purpose on the
    // same connector, replaces the existing one.
    profiles.removeIf(e -> e.profileId() == p.profileId()
        || (e.connectorId() == p.connectorId() && e.stackLevel() == p.stackLevel()
        && e.purpose().equals(p.purpose())));
    profiles.add(p);
  }

  /** Removes matching profiles; null criteria match everything. Returns how many were removed. */
  synchronized int clear(Integer profileId, Integer connectorId, String purpose, Integer stackLevel) {
    int removed = 0;
    for (Iterator<Installed> it = profiles.iterator(); it.hasNext(); ) {
      Installed p = it.next();
      if ((profileId == null || p.profileId() == profileId)
          && (connectorId == null || p.connectorId() == connectorId)
          && (purpose == null || p.purpose().equals(purpose))
          && (stackLevel == null || p.stackLevel() == stackLevel)) {
        it.remove();
        removed++;
      }
    }
    return removed;
  }

  synchronized List<Installed> all() {
    return List.copyOf(profiles);
  }

  /**
   * The limit on a connector at {@code now}, in W, for a transaction started at {@code txStart} (null: none).
   * {@code defaultW} applies when no profile does.
   */
  synchronized Effective effective(int connectorId, String transactionId, Instant txStart, Instant now,
      double voltageV, int phases, double defaultW) {
    Effective tx = best("TxProfile", connectorId, transactionId, txStart, now, voltageV, phases);
    Effective txDefault = best("TxDefaultProfile", connectorId, transactionId, txStart, now, voltageV, phases);
    Effective max = Optional.ofNullable(best("ChargePointMaxProfile", 0, null, txStart, now, voltageV, phases))
        .orElse(best("ChargingStationMaxProfile", 0, null, txStart, now, voltageV, phases));
    Effective chosen = tx != null ? tx : txDefault;
    double limit = chosen == null ? defaultW : chosen.limitW();
    if (max != null) {
      limit = Math.min(limit, max.limitW());
    }
    return new Effective(limit, chosen == null ? null : chosen.setpointW(), chosen == null ? null : chosen.source());
  }

  private Effective best(String purpose, int connectorId, String transactionId, Instant txStart, Instant now,
      double voltageV, int phases) {
    Effective best = null;
    int bestLevel = Integer.MIN_VALUE;
    for (Installed p : profiles) {
      if (!p.purpose().equals(purpose) || p.stackLevel() < bestLevel) {
        continue;
      }
      // A profile on connector 0 applies to every connector (OCPP 1.6 §3.13.2); TxProfile needs its transaction.
      if (p.connectorId() != 0 && p.connectorId() != connectorId) {
        continue;
      }
      if (purpose.equals("TxProfile") && (transactionId == null
          || (p.transactionId() != null && !p.transactionId().equals(transactionId)))) {
        continue;
      }
      if ((p.validFrom() != null && now.isBefore(p.validFrom())) || (p.validTo() != null && !now.isBefore(p.validTo()))) {
        continue;
      }
      Instant start = switch (p.kind()) {
        case "Relative" -> txStart != null ? txStart : now;
        default -> p.startSchedule() != null ? p.startSchedule() : (p.validFrom() != null ? p.validFrom() : now);
      };
      long offset = now.getEpochSecond() - start.getEpochSecond();
      if (p.kind().equals("Recurring")) {
        offset = Math.floorMod(offset, 86_400L);
      }
      if (offset < 0 || (p.durationS() != null && offset >= p.durationS())) {
        continue;
      }
      Period current = null;
      for (Period period : p.periods()) {
        if (period.startPeriodS() <= offset) {
          current = period;
        }
      }
      if (current == null) {
        continue;
      }
      int ph = current.numberPhases() != null ? current.numberPhases() : (phases == 0 ? 1 : phases);
      double factor = p.rateUnit().equals("A") ? voltageV * Math.max(ph, 1) : 1.0;
      double limitW = current.limit() == null ? Double.MAX_VALUE : current.limit() * factor;
      Double setpointW = "CentralSetpoint".equals(current.operationMode()) && current.setpoint() != null
          ? current.setpoint() * factor : null;
      if ("Idle".equals(current.operationMode())) {
        limitW = 0;
      }
      best = new Effective(limitW, setpointW, p);
      bestLevel = p.stackLevel();
    }
    return best;
  }

  /** Parses the chargingProfile / csChargingProfiles object of a SetChargingProfile request. */
  static Installed parse(OcppVersion version, int connectorId, ObjectNode profile) {
    boolean v16 = version == OcppVersion.V16;
    JsonNode schedule = v16 ? profile.get("chargingSchedule") : profile.get("chargingSchedule").get(0);
    List<Period> periods = new ArrayList<>();
    for (JsonNode p : schedule.get("chargingSchedulePeriod")) {
      periods.add(new Period(p.get("startPeriod").asLong(),
          p.has("limit") ? p.get("limit").asDouble() : null,
          p.has("numberPhases") ? p.get("numberPhases").asInt() : null,
          p.has("operationMode") ? p.get("operationMode").asString() : null,
          p.has("setpoint") ? p.get("setpoint").asDouble() : null,
          p.has("dischargeLimit") ? p.get("dischargeLimit").asDouble() : null));
    }
    JsonNode tx = profile.get("transactionId");
    return new Installed(connectorId,
        profile.get(v16 ? "chargingProfileId" : "id").asInt(),
        profile.get("stackLevel").asInt(),
        profile.get("chargingProfilePurpose").asString(),
        profile.get("chargingProfileKind").asString(),
        tx == null ? null : tx.asString(),
        time(profile.get("validFrom")),
        time(profile.get("validTo")),
        time(schedule.get("startSchedule")),
        schedule.has("duration") ? schedule.get("duration").asLong() : null,
        schedule.get("chargingRateUnit").asString(),
        List.copyOf(periods));
  }

  static Instant time(JsonNode n) {
    return n == null || n.isNull() ? null : OffsetDateTime.parse(n.asString()).toInstant();
  }
}
