package energy.vgf.e2e;

import energy.vgf.kafka.EmbeddedKafka;
import energy.vgf.registry.RegistryConfig;
import energy.vgf.registry.SchemaRegistryServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A broker and a registry owned by one test, unlike {@code PlatformExtension}'s JVM-wide pair: a test that
 * restarts the broker, or needs the catalogue's topics twice (a clean and a poisoned run side by side), must not
 * disturb the others. The broker keeps its log directory and port across a stop and start.
 */
final class OwnPlatform implements AutoCloseable {
  private final Path logDir;
  private final int port;
  private volatile EmbeddedKafka kafka;
  private final SchemaRegistryServer registry;

  private OwnPlatform(Path logDir) {
    this.logDir = logDir;
    this.kafka = EmbeddedKafka.start(new EmbeddedKafka.Config(0, logDir));
    this.port = kafka.port();
    kafka.createCatalogTopics();
    this.registry = SchemaRegistryServer.start(RegistryConfig.local(kafka.bootstrapServers()));
  }

  static OwnPlatform start() {
    try {
      return new OwnPlatform(Files.createTempDirectory("vgf-e2e-kafka-"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  String registryUrl() {
    return registry.url();
  }

  /** Stops the broker cleanly; {@link #startBroker()} brings it back on the same log directory and port. */
  void stopBroker() {
    kafka.close();
  }

  void startBroker() {
    kafka = EmbeddedKafka.start(new EmbeddedKafka.Config(port, logDir));
  }

  @Override
  public void close() {
    registry.close();
    kafka.close();
    try (var paths = Files.walk(logDir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temp directory left behind is harmless
    }
  }
}
