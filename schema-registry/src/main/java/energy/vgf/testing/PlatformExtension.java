package energy.vgf.testing;

import energy.vgf.kafka.EmbeddedKafka;
import energy.vgf.registry.RegistryConfig;
import energy.vgf.registry.SchemaRegistryServer;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives tests the platform's base services: one real Kafka broker (KRaft, with the catalogue's
 * topics) and one schema registry on it, started once per test JVM and stopped at its end.
 * Use {@code @ExtendWith(PlatformExtension.class)} and the static accessors.
 */
public final class PlatformExtension implements BeforeAllCallback {

  private static final String KEY = PlatformExtension.class.getName();
  private static volatile Services services;

  @Override
  public void beforeAll(ExtensionContext context) {
    context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(KEY, k -> new Services(), Services.class);
  }

  public static String bootstrapServers() {
    return current().kafka.bootstrapServers();
  }

  public static String registryUrl() {
    return current().registry.url();
  }

  private static Services current() {
    Services s = services;
    if (s == null) {
      throw new IllegalStateException("platform services are not started: add @ExtendWith(PlatformExtension.class)");
    }
    return s;
  }

  private static final class Services implements ExtensionContext.Store.CloseableResource {
    final EmbeddedKafka kafka;
    final SchemaRegistryServer registry;

    Services() {
      kafka = EmbeddedKafka.start();
      kafka.createCatalogTopics();
      registry = SchemaRegistryServer.start(RegistryConfig.local(kafka.bootstrapServers()));
      services = this;
    }

    @Override
    public void close() {
      services = null;
      registry.close();
      kafka.close();
    }
  }
}
