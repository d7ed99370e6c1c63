package energy.vgf.ocpp.security;

/**
 * OCPP security profiles (OCPP 1.6 Security Whitepaper, OCPP 2.0.1 Part 2 §A00). Profile 0 is not in the
 * specification: no authentication at all, for local development and benchmarks on loopback only.
 */
public enum SecurityProfile {
  NONE(0, false),
  /** Unsecured transport with HTTP Basic authentication. */
  BASIC(1, false),
  /** TLS with HTTP Basic authentication. */
  TLS_BASIC(2, true),
  /** TLS with client-side certificates; the charger id is the certificate's subject CN. */
  TLS_CLIENT_CERT(3, true);

  private final int number;
  private final boolean tls;

  SecurityProfile(int number, boolean tls) {
    this.number = number;
    this.tls = tls;
  }

  public int number() {
    return number;
  }

  public boolean tls() {
    return tls;
  }

  public static SecurityProfile of(int number) {
    for (SecurityProfile p : values()) {
      if (p.number == number) {
        return p;
      }
    }
    throw new IllegalArgumentException("security profile must be 0, 1, 2 or 3, got " + number);
  }
}
