package energy.vgf.cli.platform;

import energy.vgf.kafka.EmbeddedKafka;
import energy.vgf.registry.CompatibilityLevel;
import energy.vgf.registry.RegistryConfig;
import energy.vgf.registry.SchemaRegistryServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "registry", mixinStandardHelpOptions = true,
    description = {"Runs the Confluent-compatible schema registry, storing schemas in a compacted Kafka topic.",
        "With --with-kafka it also starts an embedded broker with the catalogue's topics.",
        "Stops cleanly on SIGTERM or Ctrl-C."})
public final class RegistryCommand implements Callable<Integer> {

  @Option(names = "--port", defaultValue = "8081", description = "HTTP port (0 = any free port). Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(names = "--bootstrap", description = "Kafka bootstrap servers, host:port[,host:port]. Default: 127.0.0.1:9092.")
  String bootstrap;

  @Option(names = "--with-kafka", description = "Start an embedded Kafka broker as well (on --kafka-port).")
  boolean withKafka;

  @Option(names = "--kafka-port", defaultValue = "9092", description = "Port of the embedded broker with --with-kafka. Default: ${DEFAULT-VALUE}.")
  int kafkaPort;

  @Option(names = "--topic", defaultValue = RegistryConfig.DEFAULT_TOPIC, description = "Schema topic. Default: ${DEFAULT-VALUE}.")
  String topic;

  @Option(names = "--compatibility", defaultValue = "BACKWARD",
      description = "Default compatibility level: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
  CompatibilityLevel compatibility;

  @Option(names = "--users-file", description = "Enables HTTP Basic auth with user:password lines from this file.")
  Path usersFile;

  @Override
  public Integer call() {
    if (withKafka && bootstrap != null) {
      throw new IllegalArgumentException("--with-kafka starts its own broker: drop --bootstrap, or drop --with-kafka");
    }
    ServiceLifecycle lifecycle = new ServiceLifecycle();
    String kafkaBootstrap = bootstrap == null ? "127.0.0.1:9092" : bootstrap;
    if (withKafka) {
      EmbeddedKafka kafka = lifecycle.manage(EmbeddedKafka.start(new EmbeddedKafka.Config(kafkaPort, null)));
      kafka.createCatalogTopics();
      kafkaBootstrap = kafka.bootstrapServers();
      System.out.println("Kafka broker ready: bootstrap.servers=" + kafkaBootstrap);
    }
    Map<String, String> users = usersFile == null ? Map.of() : RegistryConfig.readUsers(usersFile);
    RegistryConfig config = new RegistryConfig("127.0.0.1", port, kafkaBootstrap, topic, compatibility, users,
        Duration.ofSeconds(30), Map.of());
    try {
      SchemaRegistryServer registry = lifecycle.manage(SchemaRegistryServer.start(config));
      System.out.println("Schema registry ready: " + registry.url()
          + (users.isEmpty() ? "" : " (HTTP Basic auth, " + users.size() + " user(s))"));
      System.out.flush();
    } catch (RuntimeException e) {
      lifecycle.closeAll();
      throw e;
    }
    lifecycle.awaitTermination();
    return 0;
  }
}
