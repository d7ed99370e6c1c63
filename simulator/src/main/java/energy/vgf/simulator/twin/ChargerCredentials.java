package energy.vgf.simulator.twin;

import java.util.Map;

/**
 * The HTTP Basic password each twin charger presents to the bridge (security profiles 1 and 2). The
 * CLI enrols the twin's chargers on the enrolment topic with fresh passwords (as {@code vgf chargers
 * add} does) or reads the passwords of chargers enrolled beforehand; the simulator itself does not
 * depend on the bridge.
 */
@FunctionalInterface
public interface ChargerCredentials {

  /** The password of {@code charger}, or null to connect without credentials (security profile 0). */
  String passwordFor(TwinCharger charger);

  /** No credentials: a bridge on loopback with security profile 0. */
  static ChargerCredentials none() {
    return c -> null;
  }

  /** Passwords by charger id; a charger without one fails at start, naming it. */
  static ChargerCredentials of(Map<String, String> passwords) {
    Map<String, String> copy = Map.copyOf(passwords);
    return c -> {
      String pw = copy.get(c.chargerId());
      if (pw == null) {
        throw new TwinException("no password for charger " + c.chargerId() + " (enrol it with `vgf chargers add "
            + c.chargerId() + "` and list its password, or let the twin enrol its chargers)");
      }
      return pw;
    };
  }
}
