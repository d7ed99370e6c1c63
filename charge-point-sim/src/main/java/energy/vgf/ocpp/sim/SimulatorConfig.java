package energy.vgf.ocpp.sim;

import energy.vgf.ocpp.rpc.OcppVersion;
import energy.vgf.ocpp.rpc.RpcOptions;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * One simulated charge point.
 *
 * @param chargerId charge point identity, appended to {@code centralSystemUri}
 * @param centralSystemUri e.g. {@code ws://127.0.0.1:8887/ocpp} (the simulator adds {@code /<chargerId>})
 * @param version OCPP version offered as the only subprotocol
 * @param password HTTP Basic password (security profiles 1 and 2), null for none
 * @param connectors number of connectors (1.6) or EVSEs with one connector each (2.x)
 * @param maxPowerKw hardware limit of each connector
 * @param phases AC phases (1 or 3), 0 for DC
 * @param voltageV phase voltage used to turn A limits into W
 * @param bidirectional can discharge (OCPP 2.1 V2X)
 * @param rateUnits units the charger accepts in charging schedules, e.g. [W, A] or [A]
 * @param meterInterval how often MeterValues (1.6) or TransactionEvent Updated (2.x) is sent during a transaction
 * @param timeScale simulated seconds per real second for the vehicle's energy (1 = real time)
 * @param reconnectMin first reconnect delay; doubles up to {@code reconnectMax}
 * @param rpc RPC limits (call timeout etc.)
 */
public record SimulatorConfig(
    String chargerId,
    URI centralSystemUri,
    OcppVersion version,
    String password,
    int connectors,
    double maxPowerKw,
    int phases,
    double voltageV,
    boolean bidirectional,
    List<String> rateUnits,
    Duration meterInterval,
    double timeScale,
    Duration reconnectMin,
    Duration reconnectMax,
    RpcOptions rpc) {

  public SimulatorConfig {
    if (chargerId == null || chargerId.isBlank() || chargerId.length() > 48) {
      // OCPP 2.0.1 A00.FR.xxx / identifierString: the identity is at most 48 characters.
      throw new IllegalArgumentException("chargerId must be 1-48 characters, got " + chargerId);
    }
    if (connectors < 1 || maxPowerKw <= 0 || (phases != 0 && phases != 1 && phases != 3)) {
      throw new IllegalArgumentException("invalid charger " + chargerId + ": connectors=" + connectors
          + " maxPowerKw=" + maxPowerKw + " phases=" + phases);
    }
    rateUnits = List.copyOf(rateUnits);
  }

  public static SimulatorConfig defaults(String chargerId, URI centralSystemUri, OcppVersion version,
      String password) {
    return new SimulatorConfig(chargerId, centralSystemUri, version, password, 1, 22.0, 3, 230.0,
        version == OcppVersion.V21, List.of("W", "A"), Duration.ofSeconds(60), 1.0,
        Duration.ofMillis(500), Duration.ofSeconds(30), RpcOptions.defaults());
  }

  public SimulatorConfig withMeterInterval(Duration interval) {
    return new SimulatorConfig(chargerId, centralSystemUri, version, password, connectors, maxPowerKw, phases,
        voltageV, bidirectional, rateUnits, interval, timeScale, reconnectMin, reconnectMax, rpc);
  }

  public SimulatorConfig withRateUnits(List<String> units) {
    return new SimulatorConfig(chargerId, centralSystemUri, version, password, connectors, maxPowerKw, phases,
        voltageV, bidirectional, units, meterInterval, timeScale, reconnectMin, reconnectMax, rpc);
  }

  public SimulatorConfig withBidirectional(boolean bidi) {
    return new SimulatorConfig(chargerId, centralSystemUri, version, password, connectors, maxPowerKw, phases,
        voltageV, bidi, rateUnits, meterInterval, timeScale, reconnectMin, reconnectMax, rpc);
  }

  public SimulatorConfig withPower(double maxKw, int phaseCount) {
    return new SimulatorConfig(chargerId, centralSystemUri, version, password, connectors, maxKw, phaseCount,
        voltageV, bidirectional, rateUnits, meterInterval, timeScale, reconnectMin, reconnectMax, rpc);
  }

  public SimulatorConfig withTimeScale(double scale) {
    return new SimulatorConfig(chargerId, centralSystemUri, version, password, connectors, maxPowerKw, phases,
        voltageV, bidirectional, rateUnits, meterInterval, scale, reconnectMin, reconnectMax, rpc);
  }

  public SimulatorConfig withReconnect(Duration min, Duration max) {
    return new SimulatorConfig(chargerId, centralSystemUri, version, password, connectors, maxPowerKw, phases,
        voltageV, bidirectional, rateUnits, meterInterval, timeScale, min, max, rpc);
  }

  public SimulatorConfig withRpc(RpcOptions options) {
    return new SimulatorConfig(chargerId, centralSystemUri, version, password, connectors, maxPowerKw, phases,
        voltageV, bidirectional, rateUnits, meterInterval, timeScale, reconnectMin, reconnectMax, options);
  }
}
