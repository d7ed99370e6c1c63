package energy.vgf.registry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/** HTTP Basic authentication against salted SHA-256 digests; the plain passwords are not kept. */
final class BasicAuth {

  private record Credential(byte[] salt, byte[] digest) {}

  private final Map<String, Credential> credentials = new HashMap<>();

  BasicAuth(Map<String, String> users) {
    SecureRandom random = new SecureRandom();
    users.forEach((user, password) -> {
      byte[] salt = new byte[16];
      random.nextBytes(salt);
      credentials.put(user, new Credential(salt, digest(salt, password)));
    });
  }

  boolean enabled() {
    return !credentials.isEmpty();
  }

  /** True when the Authorization header carries a known user and the right password. */
  boolean accepts(String authorizationHeader) {
    if (!enabled()) {
      return true;
    }
    if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, "Basic ", 0, 6)) {
      return false;
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(authorizationHeader.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return false;
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      return false;
    }
    Credential credential = credentials.get(decoded.substring(0, colon));
    if (credential == null) {
      return false;
    }
    return MessageDigest.isEqual(credential.digest(), digest(credential.salt(), decoded.substring(colon + 1)));
  }

  private static byte[] digest(byte[] salt, String password) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(salt);
      return sha.digest(password.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
