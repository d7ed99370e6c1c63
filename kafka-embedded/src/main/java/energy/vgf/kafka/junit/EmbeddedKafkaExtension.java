package energy.vgf.kafka.junit;

import energy.vgf.kafka.EmbeddedKafka;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives a test class a real Kafka broker with the catalogue's topics. One broker serves the whole
 * test JVM (it is started by the first class that asks and stopped when the JVM's test run ends),
 * so test classes share it and must use their own topics or consumer groups where they need
 * isolation.
 */
public final class EmbeddedKafkaExtension implements BeforeAllCallback {

  private static final String KEY = EmbeddedKafkaExtension.class.getName();

  @Override
  public void beforeAll(ExtensionContext context) {
    broker(context);
  }

  /** Starts (once per JVM) and returns the shared broker. */
  public static EmbeddedKafka broker(ExtensionContext context) {
    return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(KEY, k -> new SharedBroker(), SharedBroker.class).kafka;
  }

  /** Bootstrap servers of the shared broker; valid once an extension has run. */
  public static String bootstrapServers() {
    EmbeddedKafka kafka = SharedBroker.instance;
    if (kafka == null) {
      throw new IllegalStateException("no broker yet: annotate the test class with @ExtendWith(EmbeddedKafkaExtension.class)");
    }
    return kafka.bootstrapServers();
  }

  private static final class SharedBroker implements ExtensionContext.Store.CloseableResource {
    static volatile EmbeddedKafka instance;
    final EmbeddedKafka kafka;

    SharedBroker() {
      kafka = EmbeddedKafka.start();
      kafka.createCatalogTopics();
      instance = kafka;
    }

    @Override
    public void close() {
      instance = null;
      kafka.close();
    }
  }
}
