package energy.vgf.simulator.twin;

import energy.vgf.ocpp.rpc.OcppVersion;
import energy.vgf.ocpp.sim.ChargePointSimulator;
import java.net.URI;
import java.time.Duration;

/**
 * How the depot twin runs against a bridge. Durations say which clock they are on: simulated ones
 * scale with {@code speed}, wall-clock ones do not.
 *
 * @param bridgeUri the bridge's charger endpoint, {@code ws://host:port/ocpp} (each charger appends
 *     {@code /<chargerId>})
 * @param version the OCPP version every twin charger speaks
 * @param speed simulated seconds per wall-clock second; also each charge-point simulator's timeScale
 * @param meterInterval simulated time between the chargers' MeterValues; on the wall clock at least one
 *     charge-point simulator tick ({@link ChargePointSimulator#tickMillis})
 * @param runFor simulated time to run from the scenario's start, a whole number of ticks; null: the whole scenario
 * @param readyTimeout wall-clock time the chargers get to connect, boot and receive their TxDefaultProfile
 * @param callTimeout wall-clock time a plug-in or plug-out (Start/StopTransaction) may take
 */
public record TwinConfig(URI bridgeUri, OcppVersion version, double speed, Duration meterInterval, Duration runFor,
    Duration readyTimeout, Duration callTimeout) {

  /** Above this the charge-point simulator's shortest tick (100 ms) is more than 3 simulated minutes. */
  public static final double MAX_SPEED = 1800;

  public TwinConfig {
    if (bridgeUri == null || !"ws".equals(bridgeUri.getScheme())) {
      throw new IllegalArgumentException("bridge '" + bridgeUri + "' must be a ws:// URI such as ws://127.0.0.1:8887/ocpp"
          + " (wss:// is not supported by the twin yet)");
    }
    if (version == null) {
      throw new IllegalArgumentException("ocpp version must be set (ocpp1.6, ocpp2.0.1 or ocpp2.1)");
    }
    if (!(speed > 0 && speed <= MAX_SPEED)) {
      throw new IllegalArgumentException("speed " + speed + " must be in (0, " + MAX_SPEED + "]: the chargers "
          + "advance in 1 s wall-clock ticks, so speed x 1 s is the twin's resolution of the chargers' power");
    }
    if (meterInterval == null || meterInterval.isNegative() || meterInterval.isZero()) {
      throw new IllegalArgumentException("meter interval " + meterInterval + " must be positive");
    }
    if (runFor != null && (runFor.isNegative() || runFor.isZero())) {
      throw new IllegalArgumentException("run-for " + runFor + " must be positive, or null for the whole scenario");
    }
    if (readyTimeout == null || readyTimeout.isNegative() || callTimeout == null || callTimeout.isNegative()) {
      throw new IllegalArgumentException("ready timeout " + readyTimeout + " and call timeout " + callTimeout
          + " must be >= 0");
    }
  }

  /** OCPP 1.6, meter values every 5 simulated minutes, the whole scenario, 60 s to get ready, 10 s per call. */
  public static TwinConfig defaults(URI bridgeUri, double speed) {
    return new TwinConfig(bridgeUri, OcppVersion.V16, speed, Duration.ofMinutes(5), null, Duration.ofSeconds(60),
        Duration.ofSeconds(10));
  }

  public TwinConfig withVersion(OcppVersion v) {
    return new TwinConfig(bridgeUri, v, speed, meterInterval, runFor, readyTimeout, callTimeout);
  }

  public TwinConfig withMeterInterval(Duration simulated) {
    return new TwinConfig(bridgeUri, version, speed, simulated, runFor, readyTimeout, callTimeout);
  }

  public TwinConfig withRunFor(Duration simulated) {
    return new TwinConfig(bridgeUri, version, speed, meterInterval, simulated, readyTimeout, callTimeout);
  }

  public TwinConfig withTimeouts(Duration ready, Duration call) {
    return new TwinConfig(bridgeUri, version, speed, meterInterval, runFor, ready, call);
  }

  /** The meter interval on the wall clock: never below the charge-point simulator's tick. */
  public Duration wallMeterInterval() {
    long ms = (long) Math.ceil(meterInterval.toMillis() / speed);
    return Duration.ofMillis(Math.max(ChargePointSimulator.tickMillis(speed), ms));
  }
}
