package energy.vgf.cli.ocpp;

import energy.vgf.ocpp.bridge.BridgeConfig;
import energy.vgf.ocpp.kafka.BridgeService;
import energy.vgf.ocpp.kafka.KafkaSettings;
import energy.vgf.ocpp.rpc.RpcOptions;
import energy.vgf.ocpp.security.SecurityProfile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vgf bridge}: the OCPP central system, bridged to Kafka. Runs until SIGTERM / Ctrl-C. */
@Command(name = "bridge", mixinStandardHelpOptions = true,
    description = "Run the OCPP bridge: chargers connect to ws[s]://host:port/ocpp/{id}.")
public final class BridgeCommand implements Callable<Integer> {
  @Mixin KafkaOptions kafka;

  @Option(names = "--host", defaultValue = "0.0.0.0", description = "Interface to listen on (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", defaultValue = "8887", description = "Port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--security-profile", defaultValue = "1",
      description = "OCPP security profile 1 (Basic), 2 (TLS+Basic), 3 (TLS client certificates); 0 = none, loopback development only (default: ${DEFAULT-VALUE}).")
  int securityProfile;

  @Option(names = "--keystore", description = "PKCS12 key store with the bridge's TLS key and certificate (profiles 2, 3).")
  Path keyStore;

  @Option(names = "--keystore-password", defaultValue = "${VGF_KEYSTORE_PASSWORD:-}", description = "Key store password (env VGF_KEYSTORE_PASSWORD).")
  String keyStorePassword;

  @Option(names = "--truststore", description = "PKCS12 trust store with the CA of charger certificates (profile 3).")
  Path trustStore;

  @Option(names = "--truststore-password", defaultValue = "${VGF_TRUSTSTORE_PASSWORD:-}", description = "Trust store password (env VGF_TRUSTSTORE_PASSWORD).")
  String trustStorePassword;

  @Option(names = "--heartbeat-s", defaultValue = "300", description = "Heartbeat interval given to chargers (default: ${DEFAULT-VALUE}).")
  int heartbeatS;

  @Option(names = "--dispatch-interval-min", defaultValue = "15", description = "Dispatch interval in minutes (default: ${DEFAULT-VALUE}).")
  long dispatchIntervalMin;

  // An accelerated depot twin needs intervals shorter than a minute of wall clock (15 min at 600x = 1.5 s).
  @Option(names = "--dispatch-interval-s", description = "Dispatch interval in seconds; overrides --dispatch-interval-min.")
  Long dispatchIntervalS;

  @Option(names = "--fail-safe-multiple", defaultValue = "2", description = "TxProfiles expire after this many dispatch intervals (default: ${DEFAULT-VALUE}).")
  double failSafeMultiple;

  @Option(names = "--fail-safe-fraction", defaultValue = "0.5", description = "TxDefaultProfile rate as a fraction of each charger's max power (default: ${DEFAULT-VALUE}).")
  double failSafeFraction;

  @Option(names = "--fail-safe-site", paramLabel = "SITE=FRACTION",
      description = "A site's own TxDefaultProfile fraction (repeatable; its import limit over its chargers' power), "
          + "replacing --fail-safe-fraction for the chargers enrolled there.")
  Map<String, Double> siteFailSafe = new LinkedHashMap<>();

  @Option(names = "--site-charging-limit", paramLabel = "SITE=KW",
      description = "What a site's chargers together may draw (repeatable; its import limit less its other load): a "
          + "session starting there gets the site's spare power at once, until dispatch's setpoint for it comes.")
  Map<String, Double> siteChargingLimitKw = new LinkedHashMap<>();

  @Option(names = "--call-timeout-s", defaultValue = "30", description = "Response timeout of CALLs to chargers (default: ${DEFAULT-VALUE}).")
  long callTimeoutS;

  @Option(names = "--max-message-kb", defaultValue = "64", description = "Largest OCPP message accepted (default: ${DEFAULT-VALUE}).")
  int maxMessageKb;

  @Option(names = "--max-calls-per-s", defaultValue = "20", description = "Per-connection CALL rate limit (default: ${DEFAULT-VALUE}).")
  double maxCallsPerS;

  @Option(names = "--instance-index", defaultValue = "0", description = "This instance's index when several bridges share the fleet (default: ${DEFAULT-VALUE}).")
  int instanceIndex;

  @Option(names = "--instance-count", defaultValue = "1", description = "Number of bridge instances (default: ${DEFAULT-VALUE}).")
  int instanceCount;

  @Override
  public Integer call() throws Exception {
    SecurityProfile profile = SecurityProfile.of(securityProfile);
    BridgeConfig.TlsConfig tls = keyStore == null ? null
        : new BridgeConfig.TlsConfig(keyStore, keyStorePassword, trustStore, trustStorePassword);
    RpcOptions rpc = RpcOptions.defaults().withCallTimeout(Duration.ofSeconds(callTimeoutS))
        .withMaxMessageChars(maxMessageKb * 1024).withRateLimit(maxCallsPerS, (int) Math.max(2, maxCallsPerS * 2));
    BridgeConfig config = BridgeConfig.defaults().withListen(host, port).withSecurity(profile, tls).withRpc(rpc)
        .withFailSafe(dispatchIntervalS != null ? Duration.ofSeconds(dispatchIntervalS) : Duration.ofMinutes(dispatchIntervalMin),
            failSafeMultiple, failSafeFraction);
    config = new BridgeConfig(config.host(), config.port(), config.securityProfile(), config.tls(), config.rpc(),
        config.maxFrameChars(), heartbeatS, config.dispatchInterval(), config.failSafeMultiple(),
        config.failSafePowerFraction(), siteFailSafe, siteChargingLimitKw, config.bootGrace(), config.validateOutgoing());
    KafkaSettings settings = new KafkaSettings(kafka.bootstrap, kafka.registry, "vgf-ocpp-bridge-" + instanceIndex,
        instanceIndex, instanceCount);
    CountDownLatch stopped = new CountDownLatch(1);
    BridgeService service = new BridgeService(config, settings);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      service.close();
      stopped.countDown();
    }, "vgf-bridge-shutdown"));
    System.out.println("OCPP bridge ready at " + service.endpoint() + "/{chargePointId} (security profile "
        + profile.number() + ", instance " + instanceIndex + "/" + instanceCount + ")");
    System.out.flush();
    stopped.await();
    return 0;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new BridgeCommand()).execute(args));
  }
}
