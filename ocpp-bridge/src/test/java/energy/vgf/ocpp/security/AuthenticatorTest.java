package energy.vgf.ocpp.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class AuthenticatorTest {
  private static String basic(String user, String pw) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + pw).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void acceptsOnlyMatchingIdAndPassword() {
    ChargerRegistry registry = new ChargerRegistry();
    registry.put(EnrolledCharger.ac22("cp-1", PasswordHasher.hash("pw-of-cp-1-xxxxxx", 1000)));
    registry.put(EnrolledCharger.ac22("cp-2", PasswordHasher.hash("pw-of-cp-2-xxxxxx", 1000)));
    Authenticator auth = new Authenticator(SecurityProfile.BASIC, registry);
    assertThat(auth.check("cp-1", basic("cp-1", "pw-of-cp-1-xxxxxx"), null).allowed()).isTrue();
    // again, from the verified-password cache
    assertThat(auth.check("cp-1", basic("cp-1", "pw-of-cp-1-xxxxxx"), null).allowed()).isTrue();
    assertThat(auth.check("cp-1", basic("cp-2", "pw-of-cp-2-xxxxxx"), null).httpStatus()).isEqualTo(401);
    assertThat(auth.check("cp-1", basic("cp-1", "wrong"), null).allowed()).isFalse();
    assertThat(auth.check("cp-3", basic("cp-3", "x"), null).allowed()).isFalse();
    assertThat(auth.check("cp-1", null, null).allowed()).isFalse();
    assertThat(auth.check("cp-1", "Basic !!!", null).allowed()).isFalse();
  }

  @Test
  void forgetsCachedPasswordsWhenTheEnrolmentChanges() {
    ChargerRegistry registry = new ChargerRegistry();
    registry.put(EnrolledCharger.ac22("cp-1", PasswordHasher.hash("old-password-xxxxx", 1000)));
    Authenticator auth = new Authenticator(SecurityProfile.BASIC, registry);
    assertThat(auth.check("cp-1", basic("cp-1", "old-password-xxxxx"), null).allowed()).isTrue();
    registry.put(EnrolledCharger.ac22("cp-1", PasswordHasher.hash("new-password-xxxxx", 1000)));
    assertThat(auth.check("cp-1", basic("cp-1", "old-password-xxxxx"), null).allowed()).isFalse();
    assertThat(auth.check("cp-1", basic("cp-1", "new-password-xxxxx"), null).allowed()).isTrue();
  }
}
