package energy.vgf.cli.platform;

import energy.vgf.kafka.EmbeddedKafka;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "kafka", mixinStandardHelpOptions = true,
    description = {"Runs a real Apache Kafka broker (KRaft, broker and controller in one process) on 127.0.0.1",
        "and creates the topic catalogue's topics. Stops cleanly on SIGTERM or Ctrl-C."})
public final class KafkaCommand implements Callable<Integer> {

  @Option(names = "--port", defaultValue = "9092", description = "Listener port (0 = any free port). Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(names = "--dir", description = "Log directory to keep data in across restarts (default: a temporary one, deleted on stop).")
  Path dir;

  @Override
  public Integer call() {
    ServiceLifecycle lifecycle = new ServiceLifecycle();
    EmbeddedKafka kafka = lifecycle.manage(EmbeddedKafka.start(new EmbeddedKafka.Config(port, dir)));
    kafka.createCatalogTopics();
    System.out.println("Kafka broker ready: bootstrap.servers=" + kafka.bootstrapServers()
        + " (log dir " + kafka.logDir() + ")");
    System.out.flush();
    lifecycle.awaitTermination();
    return 0;
  }
}
