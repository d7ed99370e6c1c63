package energy.vgf.registry;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A schema registry speaking the Confluent REST API, storing everything in a compacted Kafka topic:
 * no local state, so ids survive restarts and any number of instances on the same topic agree.
 */
public final class SchemaRegistryServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SchemaRegistryServer.class);

  private final HttpServer http;
  private final ExecutorService executor;
  private final KafkaSchemaLog log;
  private final RegistryConfig config;

  private SchemaRegistryServer(HttpServer http, ExecutorService executor, KafkaSchemaLog log, RegistryConfig config) {
    this.http = http;
    this.executor = executor;
    this.log = log;
    this.config = config;
  }

  public static SchemaRegistryServer start(RegistryConfig config) {
    SchemaStore store = new SchemaStore(config.defaultCompatibility());
    KafkaSchemaLog log = new KafkaSchemaLog(config.bootstrapServers(), config.topic(), store, config.timeout(),
        config.kafkaClientConfig());
    try {
      // Serve only once the whole topic is applied: an id handed out before would be a guess.
      log.syncToEnd();
      HttpServer http = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 64);
      ExecutorService executor = Executors.newFixedThreadPool(8, runnable -> {
        Thread t = new Thread(runnable, "schema-registry-http");
        t.setDaemon(true);
        return t;
      });
      http.setExecutor(executor);
      http.createContext("/", new RegistryHttpHandler(new RegistryService(store, log), new BasicAuth(config.users())));
      http.start();
      SchemaRegistryServer server = new SchemaRegistryServer(http, executor, log, config);
      LOG.info("schema registry ready at {} (topic {} on {})", server.url(), config.topic(), config.bootstrapServers());
      return server;
    } catch (IOException e) {
      log.close();
      throw new UncheckedIOException("cannot bind the registry to " + config.host() + ":" + config.port(), e);
    } catch (RuntimeException e) {
      log.close();
      throw e;
    }
  }

  public String url() {
    return "http://" + config.host() + ":" + http.getAddress().getPort();
  }

  public int port() {
    return http.getAddress().getPort();
  }

  @Override
  public void close() {
    http.stop(0);
    executor.shutdown();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    log.close();
    LOG.info("schema registry at {} stopped", url());
  }
}
