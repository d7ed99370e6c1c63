package energy.vgf.connectors.grid.openadr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import energy.vgf.connectors.testing.ConnectWorker;
import energy.vgf.connectors.testing.ReplayServer;
import energy.vgf.connectors.testing.ReplayServer.Response;
import energy.vgf.connectors.testing.Topics;
import energy.vgf.grid.GridConstraint;
import energy.vgf.ops.DeadLetter;
import energy.vgf.testing.PlatformExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(PlatformExtension.class)
class OpenAdrSourceConnectorIT {

  private static final String TOKEN = "/oauth/token";
  private static final String EVENTS = "/openadr3/events";
  private static final String LIMIT_EVENT = ReplayServer.sample("openadr3/event_3.0_power_limit_fixture_style.json");
  private static final String PRICE_EVENT = ReplayServer.sample("openadr3/event_3.1_price_reconstructed.json");
  private static final String BROKEN_EVENT = """
      {"id":"38","programID":"69","createdDateTime":"2024-08-15T09:00:00Z","modificationDateTime":"2024-08-15T09:00:00Z",
       "targets":[{"type":"RESOURCE_NAME","values":["1211"]}],"intervals":[]}""";

  @TempDir
  Path dir;

  private static Map<String, String> config(ReplayServer api, String topic, String dlq) {
    Map<String, String> c = new HashMap<>();
    c.put("connector.class", OpenAdrSourceConnector.class.getName());
    c.put("base.url", api.baseUrl() + "/openadr3");
    c.put("openadr.token.url", api.baseUrl() + TOKEN);
    c.put("openadr.client.id", "ven-1");
    c.put("openadr.client.secret", "s3cret");
    c.put("openadr.page.size", "2");
    c.put("openadr.target.scope.map", "1211=depot-nl-1");
    c.put("topic", topic);
    c.put("dead.letter.topic", dlq);
    c.put("poll.interval.ms", "300");
    c.put("http.backoff.initial.ms", "100");
    c.put("http.backoff.max.ms", "400");
    return c;
  }

  private static ReplayServer vtn() {
    ReplayServer api = ReplayServer.start();
    api.always(TOKEN, Response.json("{\"access_token\":\"tok-1\",\"token_type\":\"Bearer\",\"expires_in\":3600}"));
    return api;
  }

  @Test
  void pagesThroughEventsWithAnOAuthTokenThroughA429AndA5xxAndDeadLettersABrokenEvent() {
    String topic = Topics.create(PlatformExtension.bootstrapServers(), "it.oadr");
    String dlq = Topics.create(PlatformExtension.bootstrapServers(), "it.oadr.dlq");
    try (ReplayServer api = vtn();
        ConnectWorker worker = ConnectWorker.start(bootstrap(), registry(), dir.resolve("offsets"))) {
      api.on(EVENTS, r -> "0".equals(r.param("skip")), Response.status(429, Map.of("Retry-After", "1"), ""),
          Response.status(503, Map.of(), ""));
      api.always(EVENTS, r -> "0".equals(r.param("skip")), Response.json("[" + LIMIT_EVENT + "," + BROKEN_EVENT + "]"));
      api.always(EVENTS, r -> "2".equals(r.param("skip")), Response.json("[" + PRICE_EVENT + "]"));
      worker.putConnector("oadr-flow", config(api, topic, dlq));

      await().atMost(Duration.ofSeconds(30)).until(() -> Topics.values(bootstrap(), registry(), topic).size() >= 10);
      await().atMost(Duration.ofSeconds(10)).until(() -> !Topics.values(bootstrap(), registry(), dlq).isEmpty());
      await().atMost(Duration.ofSeconds(10)).until(() -> api.requests(EVENTS).size() >= 6);

      List<GridConstraint> c = Topics.values(bootstrap(), registry(), topic);
      assertThat(c).hasSize(10);
      assertThat(c.subList(0, 2)).extracting(GridConstraint::getImportLimitKw).containsExactly(250.0, 180.0);
      assertThat(c.subList(2, 10)).extracting(GridConstraint::getPaymentPerKwh).startsWith(0.17, 0.16);
      List<DeadLetter> dead = Topics.values(bootstrap(), registry(), dlq);
      assertThat(dead).singleElement().satisfies(d -> assertThat(d.getError()).contains("OpenADR event 38"));
      assertThat(api.requests(EVENTS)).allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer tok-1"));
      ReplayServer.Request token = api.requests(TOKEN).get(0);
      assertThat(token.body()).isEqualTo("grant_type=client_credentials");
      assertThat(token.header("Authorization")).startsWith("Basic ");
    }
  }

  @Test
  void resumesAfterTheLastEventVersionAfterARestart() {
    String topic = Topics.create(PlatformExtension.bootstrapServers(), "it.oadr");
    String dlq = Topics.create(PlatformExtension.bootstrapServers(), "it.oadr.dlq");
    Path offsets = dir.resolve("offsets-restart");
    try (ReplayServer api = vtn()) {
      api.always(EVENTS, Response.json("[" + LIMIT_EVENT + "]"));
      try (ConnectWorker first = ConnectWorker.start(bootstrap(), registry(), offsets)) {
        first.putConnector("oadr-restart", config(api, topic, dlq));
        await().atMost(Duration.ofSeconds(30)).until(() -> Topics.values(bootstrap(), registry(), topic).size() == 2);
      }
      api.always(EVENTS, r -> "0".equals(r.param("skip")), Response.json("[" + LIMIT_EVENT + "," + PRICE_EVENT + "]"));
      api.always(EVENTS, r -> "2".equals(r.param("skip")), Response.json("[]"));
      try (ConnectWorker second = ConnectWorker.start(bootstrap(), registry(), offsets)) {
        second.putConnector("oadr-restart", config(api, topic, dlq));
        await().atMost(Duration.ofSeconds(30)).until(() -> Topics.values(bootstrap(), registry(), topic).size() >= 10);
        int seen = api.requests(EVENTS).size();
        await().atMost(Duration.ofSeconds(10)).until(() -> api.requests(EVENTS).size() >= seen + 2);
      }
      assertThat(Topics.<GridConstraint>values(bootstrap(), registry(), topic))
          .extracting(GridConstraint::getConstraintId).doesNotHaveDuplicates().hasSize(10);
    }
  }

  private static String bootstrap() {
    return PlatformExtension.bootstrapServers();
  }

  private static String registry() {
    return PlatformExtension.registryUrl();
  }
}
