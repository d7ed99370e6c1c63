package energy.vgf.flink.ingest;

import static energy.vgf.flink.Fixtures.config;
import static org.assertj.core.api.Assertions.assertThat;

import energy.vgf.flink.config.JobConfig;
import org.junit.jupiter.api.Test;

/** What the typed configuration hands to the Kafka clients of the jobs' sources and sinks. */
class KafkaClientSettingsTest {

  private static final JobConfig SECURED = config(
      "kafka.security.protocol", "SASL_SSL",
      "kafka.sasl.mechanism", "SCRAM-SHA-512",
      "kafka.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\" password=\"p\";",
      "kafka.ssl.truststore.location", "/etc/vgf/truststore.p12",
      "kafka.ssl.truststore.password", "changeit");

  @Test
  void passesSaslAndTlsSettingsToEverySourceConsumer() {
    var p = IngestSources.consumerProperties(SECURED);
    assertThat(p).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("ssl.truststore.location", "/etc/vgf/truststore.p12").containsEntry("ssl.truststore.password", "changeit")
        .containsKey("sasl.jaas.config");
  }

  @Test
  void passesSaslAndTlsSettingsToEverySinkProducer() {
    var p = KafkaSinks.producerProperties(SECURED);
    assertThat(p).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("ssl.truststore.password", "changeit").containsKey("sasl.jaas.config");
    assertThat(p).containsEntry("transaction.timeout.ms", "600000");
  }

  @Test
  void readsCommittedOnlyWhateverThePassThroughSays() {
    var p = IngestSources.consumerProperties(config("kafka.isolation.level", "read_uncommitted"));
    assertThat(p).containsEntry("isolation.level", "read_committed");
  }

  @Test
  void keepsPartitionsInterleavedWithSmallFetchesUnlessOverridden() {
    assertThat(IngestSources.consumerProperties(config())).containsEntry("max.partition.fetch.bytes", "65536");
    assertThat(IngestSources.consumerProperties(config("kafka.max.partition.fetch.bytes", "1048576")))
        .containsEntry("max.partition.fetch.bytes", "1048576");
  }

  @Test
  void handsOverLargeBatchesUnlessOverridden() {
    assertThat(IngestSources.consumerProperties(config())).containsEntry("max.poll.records", "5000");
    assertThat(IngestSources.consumerProperties(config("kafka.max.poll.records", "200")))
        .containsEntry("max.poll.records", "200");
  }
}
