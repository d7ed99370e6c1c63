package energy.vgf.ocpp.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {
  @Test
  void verifiesTheRightPasswordOnly() {
    String hash = PasswordHasher.hash("s3cret-password-123", 1000);
    assertThat(PasswordHasher.verify("s3cret-password-123", hash)).isTrue();
    assertThat(PasswordHasher.verify("s3cret-password-124", hash)).isFalse();
    assertThat(PasswordHasher.verify("x", "garbage")).isFalse();
  }

  @Test
  void saltsEveryHash() {
    assertThat(PasswordHasher.hash("same", 1000)).isNotEqualTo(PasswordHasher.hash("same", 1000));
  }

  @Test
  void generatesPasswordsOcpp201Accepts() {
    String pw = PasswordHasher.generatePassword();
    assertThat(pw).hasSizeBetween(16, 40).matches("[A-Za-z0-9]+");
  }
}
