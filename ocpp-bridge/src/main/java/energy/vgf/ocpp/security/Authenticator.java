package energy.vgf.ocpp.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Decides at the WebSocket upgrade whether a charger may connect: it must be enrolled, and its credential must
 * match the id in the URL (OCPP 2.0.1 A00.FR.203/.304: the identity in the URL equals the Basic-auth username or the
 * certificate's CN). Wrong or missing credentials give 401.
 */
public final class Authenticator {
  private final SecurityProfile profile;
  private final ChargerRegistry registry;
  // PBKDF2 is deliberately slow; a fleet reconnecting after an outage would pay it thousands of times. Remember a
  // SHA-256 of each password that verified, per charger and stored hash, so reconnects cost one digest.
  private final Map<String, byte[]> verified = new ConcurrentHashMap<>();

  public Authenticator(SecurityProfile profile, ChargerRegistry registry) {
    this.profile = profile;
    this.registry = registry;
    registry.onChange((id, charger) -> verified.remove(id));
  }

  public SecurityProfile profile() {
    return profile;
  }

  /** Outcome of an upgrade check; {@code reason} is for the log and never contains a secret. */
  public record Decision(boolean allowed, int httpStatus, String reason) {
    static Decision allow() {
      return new Decision(true, 101, "ok");
    }

    static Decision deny(int status, String reason) {
      return new Decision(false, status, reason);
    }
  }

  public Decision check(String chargerId, String authorizationHeader, X509Certificate[] clientCertificates) {
    Optional<EnrolledCharger> charger = registry.get(chargerId);
    switch (profile) {
      case NONE -> {
        return Decision.allow();
      }
      case BASIC, TLS_BASIC -> {
        if (charger.isEmpty()) {
          return Decision.deny(401, "unknown charger");
        }
        Optional<String[]> credentials = basic(authorizationHeader);
        if (credentials.isEmpty()) {
          return Decision.deny(401, "missing or malformed Basic credentials");
        }
        if (!credentials.get()[0].equals(chargerId)) {
          return Decision.deny(401, "Basic username does not match the charger id in the URL");
        }
        return passwordMatches(charger.get(), credentials.get()[1])
            ? Decision.allow() : Decision.deny(401, "wrong password");
      }
      case TLS_CLIENT_CERT -> {
        if (clientCertificates == null || clientCertificates.length == 0) {
          return Decision.deny(401, "no client certificate");
        }
        String cn = commonName(clientCertificates[0]).orElse(null);
        if (!chargerId.equals(cn)) {
          return Decision.deny(401, "certificate CN does not match the charger id in the URL");
        }
        return charger.isPresent() ? Decision.allow() : Decision.deny(401, "unknown charger");
      }
      default -> throw new IllegalStateException("unhandled profile " + profile);
    }
  }

  private boolean passwordMatches(EnrolledCharger charger, String password) {
    String stored = charger.passwordHash();
    if (stored == null) {
      return false;
    }
    byte[] digest = PasswordHasher.sha256(stored + '\0' + password);
    byte[] known = verified.get(charger.chargerId());
    if (known != null && MessageDigest.isEqual(known, digest)) {
      return true;
    }
    if (PasswordHasher.verify(password, stored)) {
      verified.put(charger.chargerId(), digest);
      return true;
    }
    return false;
  }

  /** RFC 7617: "Basic base64(user:password)"; the user is everything before the first colon. */
  static Optional<String[]> basic(String header) {
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return Optional.empty();
    }
    try {
      String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      if (colon <= 0) {
        return Optional.empty();
      }
      return Optional.of(new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)});
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  static Optional<String> commonName(X509Certificate cert) {
    try {
      for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          return Optional.of(rdn.getValue().toString());
        }
      }
      return Optional.empty();
    } catch (InvalidNameException e) {
      return Optional.empty();
    }
  }
}
