package energy.vgf.registry;

import static org.assertj.core.api.Assertions.assertThat;

import energy.vgf.registry.RegistryHttp.Answer;
import energy.vgf.testing.PlatformExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The registry keeps no local state: ids survive restarts and instances sharing a topic agree. */
@ExtendWith(PlatformExtension.class)
class RegistryDurabilityIT {

  private static String schema(String name) {
    return "{\"type\":\"record\",\"name\":\"" + name + "\",\"fields\":[{\"name\":\"v\",\"type\":\"int\"}]}";
  }

  private static RegistryConfig config(String topic) {
    return RegistryConfig.local(PlatformExtension.bootstrapServers()).withTopic(topic);
  }

  @Test
  void keepsIdsAcrossRestarts() {
    String topic = "_schemas-restart-" + UUID.randomUUID();
    int idA;
    int idB;
    try (SchemaRegistryServer first = SchemaRegistryServer.start(config(topic))) {
      RegistryHttp api = new RegistryHttp(first.url());
      idA = api.register("a-value", schema("A")).body().path("id").asInt();
      idB = api.register("b-value", schema("B")).body().path("id").asInt();
      api.put("/config/a-value", "{\"compatibility\":\"FULL\"}");
    }
    try (SchemaRegistryServer second = SchemaRegistryServer.start(config(topic))) {
      RegistryHttp api = new RegistryHttp(second.url());
      assertThat(api.get("/schemas/ids/" + idA).body().path("schema").asText()).contains("\"A\"");
      assertThat(api.get("/schemas/ids/" + idB).body().path("schema").asText()).contains("\"B\"");
      assertThat(api.register("a-value", schema("A")).body().path("id").asInt()).isEqualTo(idA);
      assertThat(api.get("/config/a-value").body().path("compatibilityLevel").asText()).isEqualTo("FULL");
      int idC = api.register("c-value", schema("C")).body().path("id").asInt();
      assertThat(idC).isNotIn(idA, idB);
    }
  }

  @Test
  void twoInstancesRacingOnOneTopicNeverGiveOneIdToTwoSchemas() throws Exception {
    String topic = "_schemas-race-" + UUID.randomUUID();
    try (SchemaRegistryServer one = SchemaRegistryServer.start(config(topic));
        SchemaRegistryServer two = SchemaRegistryServer.start(config(topic))) {
      RegistryHttp apiOne = new RegistryHttp(one.url());
      RegistryHttp apiTwo = new RegistryHttp(two.url());
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Future<Answer>> answers = new ArrayList<>();
      List<String> names = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        String name = "S" + i;
        names.add(name);
        RegistryHttp api = i % 2 == 0 ? apiOne : apiTwo;
        answers.add(pool.submit((Callable<Answer>) () -> api.register("race-" + name + "-value", schema(name))));
      }
      Map<Integer, String> schemaOfId = new java.util.HashMap<>();
      for (int i = 0; i < answers.size(); i++) {
        Answer answer = answers.get(i).get();
        assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
        int id = answer.body().path("id").asInt();
        assertThat(schemaOfId.put(id, names.get(i))).as("id %d given twice", id).isNull();
      }
      pool.shutdown();
      for (Map.Entry<Integer, String> e : schemaOfId.entrySet()) {
        assertThat(apiOne.get("/schemas/ids/" + e.getKey()).raw()).contains("\\\"" + e.getValue() + "\\\"");
        assertThat(apiTwo.get("/schemas/ids/" + e.getKey()).raw()).contains("\\\"" + e.getValue() + "\\\"");
      }
    }
  }

  @Test
  void basicAuthRefusesStrangersWith401() {
    RegistryConfig secured = config("_schemas-auth-" + UUID.randomUUID()).withUsers(Map.of("ops", "s3cret-pass"));
    try (SchemaRegistryServer server = SchemaRegistryServer.start(secured)) {
      assertThat(new RegistryHttp(server.url()).get("/subjects").status()).isEqualTo(401);
      assertThat(new RegistryHttp(server.url(), "ops:wrong").get("/subjects").status()).isEqualTo(401);
      assertThat(new RegistryHttp(server.url(), "ops:s3cret-pass").get("/subjects").status()).isEqualTo(200);
    }
  }
}
