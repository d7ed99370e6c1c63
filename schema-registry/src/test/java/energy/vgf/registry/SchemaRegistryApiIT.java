package energy.vgf.registry;

import static org.assertj.core.api.Assertions.assertThat;

import energy.vgf.registry.RegistryHttp.Answer;
import energy.vgf.testing.PlatformExtension;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Confluent REST API subset, answer by answer, against a registry on a real broker. */
@ExtendWith(PlatformExtension.class)
class SchemaRegistryApiIT {

  static final String V1 = """
      {"type":"record","name":"Meter","namespace":"t","fields":[{"name":"kwh","type":"double"}]}""";
  static final String V2_WITH_DEFAULT = """
      {"type":"record","name":"Meter","namespace":"t","fields":[{"name":"kwh","type":"double"},
       {"name":"site","type":"string","default":"unknown"}]}""";
  static final String V2_WITHOUT_DEFAULT = """
      {"type":"record","name":"Meter","namespace":"t","fields":[{"name":"kwh","type":"double"},
       {"name":"site","type":"string"}]}""";

  RegistryHttp api;
  String subject;

  @BeforeEach
  void setUp() {
    api = new RegistryHttp(PlatformExtension.registryUrl());
    subject = "api-" + UUID.randomUUID() + "-value";
  }

  @Test
  void registersAndServesASchemaById() {
    Answer registered = api.register(subject, V1);
    assertThat(registered.status()).isEqualTo(200);
    int id = registered.body().path("id").asInt();

    Answer byId = api.get("/schemas/ids/" + id);
    assertThat(byId.status()).isEqualTo(200);
    assertThat(RegistryService.parse(byId.body().path("schema").asText()))
        .isEqualTo(RegistryService.parse(V1));
    assertThat(api.get("/schemas/ids/" + id + "/schema").body().path("type").asText()).isEqualTo("record");
  }

  @Test
  void registeringTheSameSchemaAgainReturnsTheSameIdAndVersion() {
    int first = api.register(subject, V1).body().path("id").asInt();
    int second = api.register(subject, V1.replace(" ", "")).body().path("id").asInt();
    assertThat(second).isEqualTo(first);
    assertThat(api.get("/subjects/" + subject + "/versions").body().toString()).isEqualTo("[1]");
  }

  @Test
  void theSameSchemaUnderTwoSubjectsSharesOneId() {
    int first = api.register(subject, V1).body().path("id").asInt();
    int other = api.register("other-" + subject, V1).body().path("id").asInt();
    assertThat(other).isEqualTo(first);
  }

  @Test
  void servesVersionsLatestAndRawSchema() {
    api.register(subject, V1);
    api.register(subject, V2_WITH_DEFAULT);
    assertThat(api.get("/subjects/" + subject + "/versions").body().toString()).isEqualTo("[1,2]");
    Answer latest = api.get("/subjects/" + subject + "/versions/latest");
    assertThat(latest.body().path("version").asInt()).isEqualTo(2);
    assertThat(latest.body().path("subject").asText()).isEqualTo(subject);
    assertThat(api.get("/subjects/" + subject + "/versions/1/schema").body().path("name").asText()).isEqualTo("Meter");
    assertThat(api.get("/subjects").body().toString()).contains(subject);
  }

  @Test
  void looksUpARegisteredSchemaUnderASubject() {
    int id = api.register(subject, V1).body().path("id").asInt();
    Answer found = api.post("/subjects/" + subject, RegistryHttp.schemaBody(V1));
    assertThat(found.status()).isEqualTo(200);
    assertThat(found.body().path("id").asInt()).isEqualTo(id);
    assertThat(found.body().path("version").asInt()).isEqualTo(1);

    Answer missing = api.post("/subjects/" + subject, RegistryHttp.schemaBody(V2_WITH_DEFAULT));
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.errorCode()).isEqualTo(40403);
  }

  @Test
  void rejectsAnIncompatibleSchemaWith409() {
    api.register(subject, V1);
    Answer refused = api.register(subject, V2_WITHOUT_DEFAULT);
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.errorCode()).isEqualTo(409);
    assertThat(refused.body().path("message").asText()).contains("site");
  }

  @Test
  void compatibilityEndpointExplainsWhyWhenVerbose() {
    api.register(subject, V1);
    Answer ok = api.post("/compatibility/subjects/" + subject + "/versions/latest", RegistryHttp.schemaBody(V2_WITH_DEFAULT));
    assertThat(ok.body().path("is_compatible").asBoolean()).isTrue();
    Answer bad = api.post("/compatibility/subjects/" + subject + "/versions/1?verbose=true",
        RegistryHttp.schemaBody(V2_WITHOUT_DEFAULT));
    assertThat(bad.body().path("is_compatible").asBoolean()).isFalse();
    assertThat(bad.body().path("messages").toString()).contains("READER_FIELD_MISSING_DEFAULT_VALUE");
  }

  @Test
  void subjectLevelNoneAllowsWhatBackwardRefuses() {
    api.register(subject, V1);
    Answer set = api.put("/config/" + subject, "{\"compatibility\":\"NONE\"}");
    assertThat(set.body().path("compatibility").asText()).isEqualTo("NONE");
    assertThat(api.get("/config/" + subject).body().path("compatibilityLevel").asText()).isEqualTo("NONE");
    assertThat(api.register(subject, V2_WITHOUT_DEFAULT).status()).isEqualTo(200);
  }

  @Test
  void forwardTransitiveChecksEveryEarlierVersion() {
    api.put("/config/" + subject, "{\"compatibility\":\"FORWARD_TRANSITIVE\"}");
    api.register(subject, V1);
    // Adding a field is forward compatible: old readers ignore it.
    assertThat(api.register(subject, V2_WITHOUT_DEFAULT).status()).isEqualTo(200);
    // Removing the required field breaks readers of version 2 (and only them: transitive must see it).
    assertThat(api.register(subject, """
        {"type":"record","name":"Meter","namespace":"t","fields":[{"name":"kwh","type":"double"}]}""").status())
        .isEqualTo(200); // identical to v1: already registered, returns its id
    String removesKwh = """
        {"type":"record","name":"Meter","namespace":"t","fields":[{"name":"site","type":"string"}]}""";
    assertThat(api.register(subject, removesKwh).status()).isEqualTo(409);
  }

  @Test
  void subjectWithoutItsOwnLevelAnswers40408UnlessDefaultToGlobal() {
    api.register(subject, V1);
    Answer none = api.get("/config/" + subject);
    assertThat(none.status()).isEqualTo(404);
    assertThat(none.errorCode()).isEqualTo(40408);
    assertThat(api.get("/config/" + subject + "?defaultToGlobal=true").body().path("compatibilityLevel").asText())
        .isEqualTo(api.get("/config").body().path("compatibilityLevel").asText());
  }

  @Test
  void rejectsAnInvalidCompatibilityLevelWith42203() {
    Answer answer = api.put("/config/" + subject, "{\"compatibility\":\"SIDEWAYS\"}");
    assertThat(answer.status()).isEqualTo(422);
    assertThat(answer.errorCode()).isEqualTo(42203);
  }

  @Test
  void rejectsAnInvalidSchemaWith42201() {
    Answer answer = api.register(subject, "{\"type\":\"record\",\"name\":\"X\"}");
    assertThat(answer.status()).isEqualTo(422);
    assertThat(answer.errorCode()).isEqualTo(42201);
    Answer notJson = api.post("/subjects/" + subject + "/versions", "{\"schema\": \"{not json\"}");
    assertThat(notJson.errorCode()).isEqualTo(42201);
  }

  @Test
  void answersNotFoundCodesForSubjectVersionAndSchema() {
    assertThat(api.get("/subjects/" + subject + "/versions").errorCode()).isEqualTo(40401);
    api.register(subject, V1);
    assertThat(api.get("/subjects/" + subject + "/versions/7").errorCode()).isEqualTo(40402);
    assertThat(api.get("/subjects/" + subject + "/versions/abc").errorCode()).isEqualTo(42202);
    Answer noSchema = api.get("/schemas/ids/987654");
    assertThat(noSchema.status()).isEqualTo(404);
    assertThat(noSchema.errorCode()).isEqualTo(40403);
  }

  @Test
  void deletesSoftlyThenPermanently() {
    api.register(subject, V1);
    int id = api.register(subject, V2_WITH_DEFAULT).body().path("id").asInt();

    assertThat(api.delete("/subjects/" + subject + "?permanent=true").errorCode()).isEqualTo(40405);
    assertThat(api.delete("/subjects/" + subject).body().toString()).isEqualTo("[1,2]");
    assertThat(api.get("/subjects").body().toString()).doesNotContain(subject);
    assertThat(api.get("/subjects?deleted=true").body().toString()).contains(subject);
    assertThat(api.delete("/subjects/" + subject).errorCode()).isEqualTo(40404);
    // Consumers holding the id can still read their data.
    assertThat(api.get("/schemas/ids/" + id).status()).isEqualTo(200);

    assertThat(api.delete("/subjects/" + subject + "?permanent=true").body().toString()).isEqualTo("[1,2]");
    assertThat(api.get("/subjects?deleted=true").body().toString()).doesNotContain(subject);
    assertThat(api.get("/subjects/" + subject + "/versions").errorCode()).isEqualTo(40401);
  }

  @Test
  void versionsContinueAfterASoftDeletedOne() {
    api.register(subject, V1);
    api.delete("/subjects/" + subject + "/versions/1");
    api.register(subject, V2_WITHOUT_DEFAULT);
    assertThat(api.get("/subjects/" + subject + "/versions").body().toString()).isEqualTo("[2]");
    assertThat(api.get("/subjects/" + subject + "/versions?deleted=true").body().toString()).isEqualTo("[1,2]");
  }

  @Test
  void answersWithTheRegistryContentType() {
    assertThat(api.get("/subjects").contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
    assertThat(api.get("/subjects/nope/versions").contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
  }

  @Test
  void refusesSchemaTypesItDoesNotStore() {
    Answer answer = api.post("/subjects/" + subject + "/versions",
        "{\"schemaType\":\"PROTOBUF\",\"schema\":\"syntax = \\\"proto3\\\";\"}");
    assertThat(answer.errorCode()).isEqualTo(42201);
    assertThat(answer.body().path("message").asText()).contains("PROTOBUF");
  }
}
