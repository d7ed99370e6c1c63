package energy.vgf.ocpp.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import energy.vgf.charging.ChargerMeterValue;
import energy.vgf.kafka.EmbeddedKafka;
import energy.vgf.ocpp.kafka.KafkaChargerEventSink;
import energy.vgf.ocpp.kafka.KafkaSettings;
import energy.vgf.ocpp.rpc.FrameCodec;
import energy.vgf.ocpp.security.ChargerRegistry;
import energy.vgf.ocpp.security.EnrolledCharger;
import energy.vgf.ocpp.sim.SimClients;
import energy.vgf.registry.RegistryConfig;
import energy.vgf.registry.SchemaRegistryServer;
import energy.vgf.schemas.Topics;
import energy.vgf.serde.SerdeConfig;
import energy.vgf.serde.kafka.VgfAvroDeserializer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The bridge with its Kafka sink while the broker is down (stopped and started again on the same log directory and
 * port): chargers are still answered, transaction-related messages only once stored, or with a CALLERROR.
 */
class KafkaOutageIT {
  private static final String CP = "cp-outage";
  // Short, so the test sees it expire; a broker restart on this shared machine can take longer.
  private static final Duration SHORT_STORE_TIMEOUT = Duration.ofSeconds(4);

  private Path logDir;
  private int port;
  private EmbeddedKafka kafka;
  private SchemaRegistryServer schemaRegistry;
  private final ChargerRegistry registry = new ChargerRegistry();
  private OcppBridge bridge;
  private KafkaChargerEventSink sink;
  private WebSocketClient client;
  private RawOcppClient charger;

  @BeforeEach
  void start() throws Exception {
    logDir = Files.createTempDirectory("vgf-bridge-outage-");
    kafka = EmbeddedKafka.start(new EmbeddedKafka.Config(0, logDir));
    port = kafka.port();
    kafka.createCatalogTopics();
    schemaRegistry = SchemaRegistryServer.start(RegistryConfig.local(kafka.bootstrapServers()));
  }

  /** The bridge with a Kafka sink of this store timeout, and a connected 1.6 charger. */
  private void connect(Duration storeTimeout) throws Exception {
    KafkaSettings settings = KafkaSettings.of(kafka.bootstrapServers(), schemaRegistry.url());
    sink = new KafkaChargerEventSink(settings, storeTimeout, 1_000);
    registry.put(EnrolledCharger.ac22(CP, BridgeHarness.HASH));
    bridge = new OcppBridge(BridgeHarness.testConfig(), registry, sink).start();
    client = SimClients.plain();
    charger = RawOcppClient.connect(client, bridge.endpoint(), CP, "ocpp1.6", BridgeHarness.PASSWORD);
    // Warm the producer's metadata and the serializer's schema ids while the broker is up.
    send("warm-1", "MeterValues", meterValues(0));
    assertThat(response("warm-1", Duration.ofSeconds(30)).get(0).asInt()).isEqualTo(3);
  }

  @AfterEach
  void stop() throws Exception {
    if (charger != null) {
      charger.close();
      client.stop();
      bridge.close();
      sink.close();
    }
    schemaRegistry.close();
    kafka.close();
  }

  @Test
  void answersHeartbeatsAtOnceAndMeterValuesOnlyOnceStored() throws Exception {
    connect(KafkaChargerEventSink.DEFAULT_STORE_TIMEOUT);
    kafka.close();
    send("mv-down", "MeterValues", meterValues(1));
    // Not answered while the reading is not in Kafka: the charger keeps it queued.
    assertThat(responseWithin("mv-down", Duration.ofMillis(1500))).isNull();
    // The connection itself is not blocked.
    send("hb-down", "Heartbeat", FrameCodec.newObject());
    assertThat(response("hb-down", Duration.ofSeconds(1)).get(0).asInt()).isEqualTo(3);

    kafka = EmbeddedKafka.start(new EmbeddedKafka.Config(port, logDir));
    JsonNode answer = response("mv-down", KafkaChargerEventSink.DEFAULT_STORE_TIMEOUT.plusSeconds(5));
    assertThat(answer.get(0).asInt()).as("answer %s", answer).isEqualTo(3);
    assertThat(meterRegistersOnTopic()).contains(1001.0);
  }

  @Test
  void answersInternalErrorWhenKafkaStaysDownBeyondTheTimeout() throws Exception {
    connect(SHORT_STORE_TIMEOUT);
    kafka.close();
    Instant sent = Instant.now();
    send("mv-long", "MeterValues", meterValues(2));
    JsonNode answer = response("mv-long", SHORT_STORE_TIMEOUT.plusSeconds(5));
    assertThat(answer.get(0).asInt()).isEqualTo(4);
    assertThat(answer.get(2).asString()).isEqualTo("InternalError");
    assertThat(Duration.between(sent, Instant.now())).isGreaterThanOrEqualTo(SHORT_STORE_TIMEOUT.minusMillis(100));
    // The charger retries once the broker is back, and the reading is stored.
    kafka = EmbeddedKafka.start(new EmbeddedKafka.Config(port, logDir));
    // As a charger does: send it again until it is answered (the broker may take a while to lead its partitions).
    JsonNode retried = null;
    for (int attempt = 0; attempt < 10 && (retried == null || retried.get(0).asInt() != 3); attempt++) {
      send("mv-retry-" + attempt, "MeterValues", meterValues(2));
      retried = response("mv-retry-" + attempt, SHORT_STORE_TIMEOUT.plusSeconds(5));
    }
    assertThat(retried.get(0).asInt()).as("answer %s", retried).isEqualTo(3);
    assertThat(meterRegistersOnTopic()).contains(1002.0);
  }

  // ------------------------------------------------------------------ helpers

  private void send(String id, String action, Object payload) {
    charger.send("[2,\"" + id + "\",\"" + action + "\"," + payload + "]");
  }

  /** The response to message {@code id}, skipping the bridge's own CALLs and other responses. */
  private JsonNode response(String id, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      JsonNode n = charger.nextResponse(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
      if (n.get(1).asString().equals(id)) {
        return n;
      }
    }
  }

  /** The response to {@code id} if one arrives within {@code timeout}, else null. */
  private JsonNode responseWithin(String id, Duration timeout) throws InterruptedException {
    try {
      return response(id, timeout);
    } catch (AssertionError noneInTime) {
      return null;
    }
  }

  private static String meterValues(int seq) {
    var p = FrameCodec.newObject().put("connectorId", 1).put("transactionId", 4242);
    var sv = p.putArray("meterValue").addObject().put("timestamp", Instant.now().toString())
        .putArray("sampledValue");
    sv.addObject().put("value", Double.toString((1000.0 + seq) * 1000)).put("measurand",
        "Energy.Active.Import.Register").put("unit", "Wh");
    return p.toString();
  }

  private List<Double> meterRegistersOnTopic() {
    Map<String, Object> c = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, "outage-" + UUID.randomUUID(),
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, VgfAvroDeserializer.class,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", SerdeConfig.SCHEMA_REGISTRY_URL, schemaRegistry.url());
    List<Double> registers = new ArrayList<>();
    try (KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(c)) {
      List<TopicPartition> parts = new ArrayList<>();
      consumer.partitionsFor(Topics.CHARGER_METER).forEach(p -> parts.add(new TopicPartition(p.topic(), p.partition())));
      consumer.assign(parts);
      Map<TopicPartition, Long> end = consumer.endOffsets(parts);
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> registers.add(((ChargerMeterValue) r.value())
            .getEnergyImportKwh()));
        return parts.stream().allMatch(p -> consumer.position(p) >= end.get(p));
      });
    }
    return registers;
  }
}
