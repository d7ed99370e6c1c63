package energy.vgf.connectors.weather.nws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import energy.vgf.connectors.testing.ConnectWorker;
import energy.vgf.connectors.testing.ReplayServer;
import energy.vgf.connectors.testing.ReplayServer.Response;
import energy.vgf.connectors.testing.Topics;
import energy.vgf.ops.DeadLetter;
import energy.vgf.testing.PlatformExtension;
import energy.vgf.weather.WeatherForecast;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(PlatformExtension.class)
class NwsSourceConnectorIT {

  private static final String POINTS = "/points/30.0000,-85.0000";
  private static final String HOURLY = "/gridpoints/TAE/58,65/forecast/hourly";
  private static final String FORECAST = ReplayServer.sample("nws/gridpoints_forecast_hourly_us.json");
  // The next issue of the forecast (constructed): updated an hour later, periods one hour on.
  private static final String FORECAST_2 = FORECAST.replace("2019-10-14T23:16:24+00:00", "2019-10-15T00:16:24+00:00")
      .replace("2019-10-14T21:00:00-04:00", "2019-10-14T22:00:00-04:00")
      .replace("2019-10-14T20:00:00-04:00", "2019-10-14T21:00:00-04:00");

  @TempDir
  Path dir;

  private static String points(ReplayServer api) {
    return ReplayServer.sample("nws/points.json").replace("https://api.weather.gov", api.baseUrl());
  }

  private static Map<String, String> config(ReplayServer api, String topic, String dlq) {
    Map<String, String> c = new HashMap<>();
    c.put("connector.class", NwsSourceConnector.class.getName());
    c.put("base.url", api.baseUrl());
    c.put("nws.locations", "depot-tae:30:-85");
    c.put("http.user.agent", "(vgf-it, ops@example.com)");
    c.put("topic", topic);
    c.put("dead.letter.topic", dlq);
    c.put("poll.interval.ms", "300");
    c.put("http.backoff.initial.ms", "100");
    c.put("http.backoff.max.ms", "400");
    return c;
  }

  @Test
  void writesEachIssuedForecastOnceThroughA429AndA5xxAndDeadLettersAProblemAnswer() {
    String topic = Topics.create(PlatformExtension.bootstrapServers(), "it.nws");
    String dlq = Topics.create(PlatformExtension.bootstrapServers(), "it.nws.dlq");
    try (ReplayServer api = ReplayServer.start();
        ConnectWorker worker = ConnectWorker.start(bootstrap(), registry(), dir.resolve("offsets"))) {
      api.on(POINTS, Response.status(429, Map.of("Retry-After", "1"), ""));
      api.always(POINTS, Response.json(points(api)));
      api.on(HOURLY, Response.status(500, Map.of("Content-Type", "application/problem+json"),
          "{\"title\":\"Unexpected Problem\",\"status\":500}"), Response.json(FORECAST),
          Response.json("{\"type\":\"Feature\",\"properties\":{\"periods\":\"truncated"));
      api.always(HOURLY, Response.json(FORECAST_2));
      worker.putConnector("nws-flow", config(api, topic, dlq));

      await().atMost(Duration.ofSeconds(30)).until(() -> Topics.values(bootstrap(), registry(), topic).size() >= 4);
      await().atMost(Duration.ofSeconds(10)).until(() -> api.requests(HOURLY).size() >= 6);

      List<WeatherForecast> f = Topics.values(bootstrap(), registry(), topic);
      assertThat(f).extracting(x -> x.getIssuedAt() + ">" + x.getValidAt()).containsExactly(
          "2019-10-14T23:16:24Z>2019-10-15T00:00:00Z", "2019-10-14T23:16:24Z>2019-10-15T01:00:00Z",
          "2019-10-15T00:16:24Z>2019-10-15T01:00:00Z", "2019-10-15T00:16:24Z>2019-10-15T02:00:00Z");
      List<DeadLetter> dead = Topics.values(bootstrap(), registry(), dlq);
      assertThat(dead).singleElement().satisfies(d -> assertThat(d.getError()).contains("is not JSON"));
      assertThat(api.requests(POINTS)).hasSize(2);
      assertThat(api.requests(HOURLY)).allSatisfy(r ->
          assertThat(r.header("User-Agent")).isEqualTo("(vgf-it, ops@example.com)"));
    }
  }

  @Test
  void resumesAtTheLastIssuedForecastAfterARestart() {
    String topic = Topics.create(PlatformExtension.bootstrapServers(), "it.nws");
    String dlq = Topics.create(PlatformExtension.bootstrapServers(), "it.nws.dlq");
    Path offsets = dir.resolve("offsets-restart");
    try (ReplayServer api = ReplayServer.start()) {
      api.always(POINTS, Response.json(points(api)));
      api.always(HOURLY, Response.json(FORECAST));
      try (ConnectWorker first = ConnectWorker.start(bootstrap(), registry(), offsets)) {
        first.putConnector("nws-restart", config(api, topic, dlq));
        await().atMost(Duration.ofSeconds(30)).until(() -> Topics.values(bootstrap(), registry(), topic).size() == 2);
      }
      api.always(HOURLY, Response.json(FORECAST_2));
      try (ConnectWorker second = ConnectWorker.start(bootstrap(), registry(), offsets)) {
        second.putConnector("nws-restart", config(api, topic, dlq));
        await().atMost(Duration.ofSeconds(30)).until(() -> Topics.values(bootstrap(), registry(), topic).size() >= 4);
        int seen = api.requests(HOURLY).size();
        await().atMost(Duration.ofSeconds(10)).until(() -> api.requests(HOURLY).size() >= seen + 2);
      }
      assertThat(Topics.<WeatherForecast>values(bootstrap(), registry(), topic))
          .extracting(x -> x.getIssuedAt() + ">" + x.getValidAt()).doesNotHaveDuplicates().hasSize(4);
    }
  }

  private static String bootstrap() {
    return PlatformExtension.bootstrapServers();
  }

  private static String registry() {
    return PlatformExtension.registryUrl();
  }
}
