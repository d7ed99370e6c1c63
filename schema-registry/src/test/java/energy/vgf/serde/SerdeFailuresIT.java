package energy.vgf.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import energy.vgf.dispatch.DispatchSetpoint;
import energy.vgf.dispatch.SetpointReason;
import energy.vgf.serde.client.IncompatibleSchemaException;
import energy.vgf.serde.client.RegistryClientConfig;
import energy.vgf.serde.client.RegistryUnavailableException;
import energy.vgf.serde.client.SchemaRegistryClient;
import energy.vgf.serde.client.UnknownSchemaIdException;
import energy.vgf.serde.kafka.VgfAvroDeserializer;
import energy.vgf.serde.kafka.VgfAvroSerializer;
import energy.vgf.testing.PlatformExtension;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Bad bytes, unknown ids and unreachable registries fail with exceptions a caller can route. */
@ExtendWith(PlatformExtension.class)
class SerdeFailuresIT {

  static DispatchSetpoint setpoint() {
    return DispatchSetpoint.newBuilder().setSetpointId("sp-1").setPlanId("plan-1").setSiteId("depot-a")
        .setChargerId("cp-1").setPowerKw(-11.5).setValidFrom(Instant.parse("2026-07-01T06:00:00Z"))
        .setValidTo(Instant.parse("2026-07-01T06:15:00Z")).setReason(SetpointReason.OPTIMIZER)
        .setCreatedAt(Instant.parse("2026-07-01T05:59:00Z")).build();
  }

  static Map<String, Object> config() {
    return Map.of("schema.registry.url", PlatformExtension.registryUrl());
  }

  @Test
  void payloadWithoutTheMagicByteIsRejectedPrecisely() {
    VgfAvroDeserializer<Object> deserializer = new VgfAvroDeserializer<>(config(), false);
    assertThatThrownBy(() -> deserializer.deserialize("t", "{\"json\":true}".getBytes()))
        .isInstanceOf(InvalidPayloadException.class)
        .hasMessageContaining("magic byte 0x7b");
    assertThatThrownBy(() -> deserializer.deserialize("t", new byte[] {0, 0, 1}))
        .isInstanceOf(InvalidPayloadException.class)
        .hasMessageContaining("shorter than the 5-byte header");
  }

  @Test
  void truncatedAvroBodyIsRejectedWithItsSchemaId() {
    byte[] good = new VgfAvroSerializer<DispatchSetpoint>(config(), false).serialize("vgf.dispatch.setpoint", setpoint());
    byte[] truncated = Arrays.copyOf(good, good.length - 9);
    int id = WireFormat.schemaId(good);
    assertThatThrownBy(() -> new VgfAvroDeserializer<>(config(), false).deserialize("vgf.dispatch.setpoint", truncated))
        .isInstanceOf(InvalidPayloadException.class)
        .hasMessageContaining("schema id " + id);
    byte[] trailing = Arrays.copyOf(good, good.length + 3);
    assertThatThrownBy(() -> new VgfAvroDeserializer<>(config(), false).deserialize("vgf.dispatch.setpoint", trailing))
        .isInstanceOf(InvalidPayloadException.class)
        .hasMessageContaining("trailing bytes");
  }

  @Test
  void unknownSchemaIdIsReportedWithTheId() {
    byte[] payload = {0, 0x7f, 0x00, 0x00, 0x01, 2, 4};
    assertThatThrownBy(() -> new VgfAvroDeserializer<>(config(), false).deserialize("t", payload))
        .isInstanceOfSatisfying(UnknownSchemaIdException.class, e -> assertThat(e.schemaId()).isEqualTo(0x7f000001));
  }

  @Test
  void unreachableRegistryIsTellableFromBadData() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Map<String, Object> unreachable = Map.of("schema.registry.url", "http://127.0.0.1:" + closedPort);
    assertThatThrownBy(() -> new VgfAvroSerializer<DispatchSetpoint>(unreachable, false).serialize("t", setpoint()))
        .isInstanceOf(RegistryUnavailableException.class)
        .hasMessageContaining("unreachable");
  }

  @Test
  void incompatibleEvolutionIsRefusedByTheSerializer() {
    SchemaRegistryClient client = new SchemaRegistryClient(RegistryClientConfig.of(PlatformExtension.registryUrl()));
    String subject = "evolve-" + UUID.randomUUID() + "-value";
    client.register(subject, new Schema.Parser().parse(
        "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"}]}"));
    Schema breaking = new Schema.Parser().parse(
        "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"int\"},{\"name\":\"b\",\"type\":\"int\"}]}");
    assertThat(client.isCompatible(subject, breaking)).isFalse();
    assertThatThrownBy(() -> client.register(subject, breaking)).isInstanceOf(IncompatibleSchemaException.class);
  }

  @Test
  void missingRegistryUrlIsAConfigurationErrorNamingTheKey() {
    assertThatThrownBy(() -> new VgfAvroSerializer<>(Map.of(), false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("schema.registry.url");
  }
}
