package energy.vgf.kafka;

import energy.vgf.schemas.TopicCatalog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka broker in KRaft combined mode (broker and controller in one node), bound to
 * 127.0.0.1. It runs Kafka's own server classes in this JVM: the same broker a production cluster
 * runs, without a separate installation.
 */
public final class EmbeddedKafka implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
  private static final String LOOPBACK = "127.0.0.1";

  private final KafkaRaftServer server;
  private final Path logDir;
  private final boolean deleteOnClose;
  private final int port;
  private volatile boolean closed;

  private EmbeddedKafka(KafkaRaftServer server, Path logDir, boolean deleteOnClose, int port) {
    this.server = server;
    this.logDir = logDir;
    this.deleteOnClose = deleteOnClose;
    this.port = port;
  }

  /** A broker on a free port with a temporary log directory, deleted on close. */
  public static EmbeddedKafka start() {
    return start(new Config(0, null));
  }

  public static EmbeddedKafka start(Config config) {
    try {
      boolean temporary = config.logDir() == null;
      Path logDir = temporary ? Files.createTempDirectory("vgf-kafka-") : config.logDir();
      Files.createDirectories(logDir);
      int port = config.port() == 0 ? freePort() : config.port();
      int controllerPort = freePort();
      Properties props = brokerProperties(logDir, port, controllerPort);
      format(logDir, props);
      KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
      server.startup();
      EmbeddedKafka kafka = new EmbeddedKafka(server, logDir, temporary, port);
      kafka.awaitReady(Duration.ofSeconds(60));
      LOG.info("Kafka broker ready at {} (log dir {})", kafka.bootstrapServers(), logDir);
      return kafka;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the Kafka log directory", e);
    }
  }

  /** Settings of the broker: a port (0 = any free one) and a log directory (null = temporary). */
  public record Config(int port, Path logDir) {
    public Config {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("Kafka port must be 0-65535 (0 = any free port), got " + port);
      }
    }
  }

  private static Properties brokerProperties(Path logDir, int port, int controllerPort) {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@" + LOOPBACK + ":" + controllerPort);
    p.put("listeners", "PLAINTEXT://" + LOOPBACK + ":" + port + ",CONTROLLER://" + LOOPBACK + ":" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://" + LOOPBACK + ":" + port);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("log.dirs", logDir.toAbsolutePath().toString());
    p.put("num.partitions", "3");
    // A single node: every internal topic must live with one replica, including transactions,
    // which the exactly-once Flink sink relies on.
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "3");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "3");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    // Topics come from the catalogue; a typo in a topic name should fail, not create a topic.
    p.put("auto.create.topics.enable", "false");
    p.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
    p.put("log.flush.interval.messages", Long.toString(Long.MAX_VALUE));
    return p;
  }

  private static void format(Path logDir, Properties props) throws IOException {
    Path propsFile = logDir.resolve("server.properties");
    try (var out = Files.newOutputStream(propsFile)) {
      props.store(out, "written by vgf EmbeddedKafka");
    }
    String clusterId = existingClusterId(logDir);
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    int rc;
    try (PrintStream ps = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
      // --ignore-formatted: reusing a directory (./vgf kafka --dir D) keeps its cluster id and data.
      rc = StorageTool.execute(new String[] {
          "format", "-t", clusterId, "-c", propsFile.toString(), "--ignore-formatted"}, ps);
    }
    if (rc != 0) {
      throw new IllegalStateException("formatting the Kafka log directory " + logDir + " failed: "
          + captured.toString(StandardCharsets.UTF_8));
    }
  }

  /** A reused directory keeps its cluster id; a fresh one gets a new id. */
  private static String existingClusterId(Path logDir) throws IOException {
    Path meta = logDir.resolve("meta.properties");
    if (Files.exists(meta)) {
      Properties properties = new Properties();
      try (var in = Files.newInputStream(meta)) {
        properties.load(in);
      }
      String id = properties.getProperty("cluster.id");
      if (id != null && !id.isBlank()) {
        return id;
      }
    }
    return Uuid.randomUuid().toString();
  }

  private void awaitReady(Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    try (Admin admin = Admin.create(Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000))) {
      while (true) {
        try {
          if (!admin.describeCluster().nodes().get().isEmpty()) {
            return;
          }
        } catch (Exception e) {
          if (Instant.now().isAfter(deadline)) {
            throw new IllegalStateException("Kafka broker did not become ready within " + timeout, e);
          }
        }
        if (Instant.now().isAfter(deadline)) {
          throw new IllegalStateException("Kafka broker did not become ready within " + timeout);
        }
      }
    }
  }

  public String bootstrapServers() {
    return LOOPBACK + ":" + port;
  }

  public int port() {
    return port;
  }

  public Path logDir() {
    return logDir;
  }

  /** Creates every topic of the catalogue that does not exist yet. */
  public void createCatalogTopics() {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
      new TopicAdmin(admin).createMissing(TopicCatalog.load().topics());
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    server.shutdown();
    server.awaitShutdown();
    if (deleteOnClose) {
      deleteRecursively(logDir);
    }
    LOG.info("Kafka broker at 127.0.0.1:{} stopped", port);
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      LOG.warn("could not delete Kafka log directory {}: {}", dir, e.getMessage());
    }
  }
}
