package energy.vgf.cli.ocpp;

import energy.vgf.ocpp.kafka.KafkaSettings;
import picocli.CommandLine.Option;

/** --bootstrap / --registry, shared by the OCPP commands. */
public final class KafkaOptions {
  @Option(names = "--bootstrap", defaultValue = "${VGF_BOOTSTRAP:-127.0.0.1:9092}",
      description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}, env VGF_BOOTSTRAP).")
  String bootstrap;

  @Option(names = "--registry", defaultValue = "${VGF_REGISTRY:-http://127.0.0.1:8081}",
      description = "Schema registry URL (default: ${DEFAULT-VALUE}, env VGF_REGISTRY).")
  String registry;

  KafkaSettings settings(String clientId) {
    return new KafkaSettings(bootstrap, registry, clientId, 0, 1);
  }
}
