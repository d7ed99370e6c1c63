package energy.vgf.ocpp.bridge;

import energy.vgf.ocpp.rpc.RpcOptions;
import energy.vgf.ocpp.security.SecurityProfile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Configuration of one bridge instance, validated when built.
 *
 * @param host interface to listen on
 * @param port TCP port; 0 picks a free one
 * @param securityProfile 0 (none, loopback development only), 1, 2 or 3
 * @param tls key and trust stores, required for profiles 2 and 3
 * @param rpc per-connection RPC limits (timeout, frame size, message rate)
 * @param maxFrameChars hard WebSocket limit above which Jetty closes the connection (1009) instead of answering
 * @param heartbeatIntervalS interval returned in BootNotification responses
 * @param dispatchInterval how often dispatch sends new setpoints
 * @param failSafeMultiple every TxProfile expires after this many dispatch intervals at the latest
 * @param failSafePowerFraction TxDefaultProfile rate as a fraction of the charger's maximum power
 * @param siteFailSafeFractions per site id, a fraction that replaces {@code failSafePowerFraction} for the chargers
 *     enrolled at that site (each site's fraction follows from its own import limit)
 * @param siteChargingLimitsKw per site id, the power its chargers together may draw (its import limit less its other
 *     load): a session that starts there gets the site's spare power until dispatch's setpoint comes
 *     ({@link SitePowerGuard}); sites without one get their TxDefaultProfile
 * @param bootGrace on a reconnect without BootNotification (the charger did not reboot), configure the charger
 *     after this long
 * @param validateOutgoing validate our own CALLs against the schemas before sending them
 */
public record BridgeConfig(
    String host,
    int port,
    SecurityProfile securityProfile,
    TlsConfig tls,
    RpcOptions rpc,
    long maxFrameChars,
    int heartbeatIntervalS,
    Duration dispatchInterval,
    double failSafeMultiple,
    double failSafePowerFraction,
    Map<String, Double> siteFailSafeFractions,
    Map<String, Double> siteChargingLimitsKw,
    Duration bootGrace,
    boolean validateOutgoing) {

  /** PKCS12 stores: the bridge's key and certificate, and the CA that signs charger certificates (profile 3). */
  public record TlsConfig(Path keyStore, String keyStorePassword, Path trustStore, String trustStorePassword) {}

  public BridgeConfig {
    if (port < 0 || port > 65535) {
      throw new InvalidBridgeConfigException("port", port, "0-65535");
    }
    if (securityProfile.tls() && tls == null) {
      throw new InvalidBridgeConfigException("tls", null, "key and trust stores for security profile "
          + securityProfile.number());
    }
    if (heartbeatIntervalS < 1) {
      throw new InvalidBridgeConfigException("heartbeatIntervalS", heartbeatIntervalS, ">= 1");
    }
    if (failSafeMultiple < 1) {
      throw new InvalidBridgeConfigException("failSafeMultiple", failSafeMultiple, ">= 1");
    }
    if (failSafePowerFraction < 0 || failSafePowerFraction > 1) {
      throw new InvalidBridgeConfigException("failSafePowerFraction", failSafePowerFraction, "0..1");
    }
    siteFailSafeFractions = Map.copyOf(siteFailSafeFractions);
    for (Map.Entry<String, Double> e : siteFailSafeFractions.entrySet()) {
      if (!(e.getValue() >= 0 && e.getValue() <= 1)) {
        throw new InvalidBridgeConfigException("siteFailSafeFractions[" + e.getKey() + "]", e.getValue(), "0..1");
      }
    }
    siteChargingLimitsKw = Map.copyOf(siteChargingLimitsKw);
    for (Map.Entry<String, Double> e : siteChargingLimitsKw.entrySet()) {
      if (!(e.getValue() >= 0 && Double.isFinite(e.getValue()))) {
        throw new InvalidBridgeConfigException("siteChargingLimitsKw[" + e.getKey() + "]", e.getValue(), ">= 0 kW");
      }
    }
    if (maxFrameChars < rpc.maxMessageChars()) {
      throw new InvalidBridgeConfigException("maxFrameChars", maxFrameChars, ">= rpc.maxMessageChars");
    }
  }

  public static BridgeConfig defaults() {
    return new BridgeConfig("0.0.0.0", 8887, SecurityProfile.BASIC, null, RpcOptions.defaults(), 1 << 20, 300,
        Duration.ofMinutes(15), 2.0, 0.5, Map.of(), Map.of(), Duration.ofSeconds(2), true);
  }

  public Duration txProfileMaxValidity() {
    return Duration.ofMillis((long) (dispatchInterval.toMillis() * failSafeMultiple));
  }

  public BridgeConfig withListen(String h, int p) {
    return new BridgeConfig(h, p, securityProfile, tls, rpc, maxFrameChars, heartbeatIntervalS, dispatchInterval,
        failSafeMultiple, failSafePowerFraction, siteFailSafeFractions, siteChargingLimitsKw, bootGrace, validateOutgoing);
  }

  public BridgeConfig withSecurity(SecurityProfile profile, TlsConfig tlsConfig) {
    return new BridgeConfig(host, port, profile, tlsConfig, rpc, maxFrameChars, heartbeatIntervalS,
        dispatchInterval, failSafeMultiple, failSafePowerFraction, siteFailSafeFractions, siteChargingLimitsKw, bootGrace, validateOutgoing);
  }

  public BridgeConfig withRpc(RpcOptions options) {
    return new BridgeConfig(host, port, securityProfile, tls, options, maxFrameChars, heartbeatIntervalS,
        dispatchInterval, failSafeMultiple, failSafePowerFraction, siteFailSafeFractions, siteChargingLimitsKw, bootGrace, validateOutgoing);
  }

  public BridgeConfig withFailSafe(Duration interval, double multiple, double powerFraction) {
    return new BridgeConfig(host, port, securityProfile, tls, rpc, maxFrameChars, heartbeatIntervalS, interval,
        multiple, powerFraction, siteFailSafeFractions, siteChargingLimitsKw, bootGrace, validateOutgoing);
  }

  /** Per-site fail-safe fractions (site id to fraction of each charger's maximum power). */
  public BridgeConfig withSiteFailSafe(Map<String, Double> fractions) {
    return new BridgeConfig(host, port, securityProfile, tls, rpc, maxFrameChars, heartbeatIntervalS,
        dispatchInterval, failSafeMultiple, failSafePowerFraction, fractions, siteChargingLimitsKw, bootGrace, validateOutgoing);
  }

  /** Per-site charging limits (site id to kW its chargers together may draw). */
  public BridgeConfig withSiteChargingLimits(Map<String, Double> limitsKw) {
    return new BridgeConfig(host, port, securityProfile, tls, rpc, maxFrameChars, heartbeatIntervalS,
        dispatchInterval, failSafeMultiple, failSafePowerFraction, siteFailSafeFractions, limitsKw, bootGrace,
        validateOutgoing);
  }

  /** The TxDefaultProfile fraction for a charger of {@code siteId}: its site's, else the bridge-wide one. */
  public double failSafeFraction(String siteId) {
    Double f = siteId == null ? null : siteFailSafeFractions.get(siteId);
    return f != null ? f : failSafePowerFraction;
  }

  public BridgeConfig withBootGrace(Duration grace) {
    return new BridgeConfig(host, port, securityProfile, tls, rpc, maxFrameChars, heartbeatIntervalS,
        dispatchInterval, failSafeMultiple, failSafePowerFraction, siteFailSafeFractions, siteChargingLimitsKw, grace, validateOutgoing);
  }

  public BridgeConfig withValidateOutgoing(boolean validate) {
    return new BridgeConfig(host, port, securityProfile, tls,
        rpc.withValidation(validate, rpc.validateIncoming()),
        maxFrameChars, heartbeatIntervalS, dispatchInterval, failSafeMultiple, failSafePowerFraction,
        siteFailSafeFractions, siteChargingLimitsKw, bootGrace, validate);
  }
}
