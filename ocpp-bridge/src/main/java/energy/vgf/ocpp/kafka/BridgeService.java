package energy.vgf.ocpp.kafka;

import energy.vgf.ocpp.bridge.BridgeConfig;
import energy.vgf.ocpp.bridge.OcppBridge;
import energy.vgf.ocpp.security.ChargerRegistry;
import java.net.URI;
import java.time.Duration;

/** The bridge wired to Kafka: enrolments in, setpoints in, charger events and acks out. */
public final class BridgeService implements AutoCloseable {
  private final ChargerRegistry registry = new ChargerRegistry();
  private final KafkaChargerEventSink sink;
  private final EnrollmentTopic.Follower enrolments;
  private final OcppBridge bridge;
  private final KafkaSetpointSource setpoints;

  public BridgeService(BridgeConfig config, KafkaSettings kafka) {
    this.sink = new KafkaChargerEventSink(kafka);
    // Enrolments first, so the first chargers to connect are recognised.
    this.enrolments = EnrollmentTopic.follow(kafka, registry, Duration.ofSeconds(60));
    this.bridge = new OcppBridge(config, registry, sink).start();
    // Setpoints still valid are at most one fail-safe validity old.
    this.setpoints = new KafkaSetpointSource(kafka, config.txProfileMaxValidity(), bridge::submit);
  }

  public OcppBridge bridge() {
    return bridge;
  }

  public ChargerRegistry registry() {
    return registry;
  }

  public URI endpoint() {
    return bridge.endpoint();
  }

  public boolean isConsumingSetpoints() {
    return setpoints.isPolling();
  }

  @Override
  public void close() {
    setpoints.close();
    bridge.close();
    enrolments.close();
    sink.close();
  }
}
