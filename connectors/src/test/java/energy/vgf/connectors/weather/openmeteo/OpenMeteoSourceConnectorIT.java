package energy.vgf.connectors.weather.openmeteo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import energy.vgf.connectors.testing.ConnectWorker;
import energy.vgf.connectors.testing.ReplayServer;
import energy.vgf.connectors.testing.ReplayServer.Response;
import energy.vgf.connectors.testing.Topics;
import energy.vgf.ops.DeadLetter;
import energy.vgf.testing.PlatformExtension;
import energy.vgf.weather.WeatherForecast;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Open-Meteo answers in one piece (no pagination): two locations, one served the real hourly excerpt each. */
@ExtendWith(PlatformExtension.class)
class OpenMeteoSourceConnectorIT {

  private static final String PATH = "/v1/forecast";
  private static final String HOURLY = ReplayServer.sample("open-meteo/forecast_hourly_excerpt.json");

  @TempDir
  Path dir;

  private static Predicate<ReplayServer.Request> latitude(String lat) {
    return r -> lat.equals(r.param("latitude"));
  }

  private static Map<String, String> config(ReplayServer api, String topic, String dlq, long issueMs) {
    Map<String, String> c = new HashMap<>();
    c.put("connector.class", OpenMeteoSourceConnector.class.getName());
    c.put("tasks.max", "1");
    c.put("base.url", api.baseUrl());
    c.put("openmeteo.locations", "depot-nl:52.276:6.873,depot-sj:37.3379:-121.8863");
    c.put("openmeteo.issue.interval.ms", Long.toString(issueMs));
    c.put("topic", topic);
    c.put("dead.letter.topic", dlq);
    c.put("poll.interval.ms", "300");
    c.put("http.backoff.initial.ms", "100");
    c.put("http.backoff.max.ms", "400");
    return c;
  }

  @Test
  void writesEachLocationsForecastThroughA429A5xxAndAMalformedAnswer() {
    String topic = Topics.create(bootstrap(), "it.openmeteo");
    String dlq = Topics.create(bootstrap(), "it.openmeteo.dlq");
    try (ReplayServer api = ReplayServer.start();
        ConnectWorker worker = ConnectWorker.start(bootstrap(), registry(), dir.resolve("offsets"))) {
      api.on(PATH, latitude("52.2760"), Response.status(429, Map.of("Retry-After", "1"), "{\"error\":true}"),
          Response.status(500, Map.of(), "oops"));
      api.always(PATH, latitude("52.2760"), Response.json(HOURLY));
      api.on(PATH, latitude("37.3379"), Response.json("{\"latitude\":37.3379,\"hourly\":"));
      api.always(PATH, latitude("37.3379"), Response.json(HOURLY.replace("\"utc_offset_seconds\": 7200",
          "\"utc_offset_seconds\": 0")));
      worker.putConnector("openmeteo-flow", config(api, topic, dlq, 3_600_000));

      await().atMost(Duration.ofSeconds(30)).until(() -> Topics.values(bootstrap(), registry(), topic).size() >= 6);

      List<WeatherForecast> f = Topics.values(bootstrap(), registry(), topic);
      assertThat(f).filteredOn(w -> w.getLocationId().equals("depot-nl")).extracting(WeatherForecast::getValidAt)
          .containsExactly(Instant.parse("2026-10-02T22:00:00Z"), Instant.parse("2026-10-02T23:00:00Z"),
              Instant.parse("2026-10-03T00:00:00Z"));
      assertThat(f).filteredOn(w -> w.getLocationId().equals("depot-sj")).extracting(WeatherForecast::getTemperatureC)
          .containsExactly(11.8, 11.2, 11.0);
      assertThat(Topics.<DeadLetter>values(bootstrap(), registry(), dlq)).singleElement()
          .satisfies(d -> assertThat(d.getError()).contains("Open-Meteo forecast").contains("is not JSON"));
      assertThat(api.requests(PATH)).allSatisfy(r -> {
        assertThat(r.param("hourly")).isEqualTo("temperature_2m,shortwave_radiation,wind_speed_10m,cloud_cover");
        assertThat(r.param("timezone")).isEqualTo("GMT");
        assertThat(r.param("wind_speed_unit")).isEqualTo("ms");
      });
    }
  }

  @Test
  void writesEachIssuedForecastOnceAcrossARestart() {
    String topic = Topics.create(bootstrap(), "it.openmeteo");
    String dlq = Topics.create(bootstrap(), "it.openmeteo.dlq");
    Path offsets = dir.resolve("offsets-restart");
    try (ReplayServer api = ReplayServer.start()) {
      api.always(PATH, Response.json(HOURLY));
      Map<String, String> config = config(api, topic, dlq, 4_000);
      config.put("openmeteo.locations", "depot-nl:52.276:6.873");
      try (ConnectWorker first = ConnectWorker.start(bootstrap(), registry(), offsets)) {
        first.putConnector("openmeteo-restart", config);
        await().atMost(Duration.ofSeconds(30)).until(() -> Topics.values(bootstrap(), registry(), topic).size() >= 3);
      }
      Instant lastBefore = Topics.<WeatherForecast>values(bootstrap(), registry(), topic).stream()
          .map(WeatherForecast::getIssuedAt).max(Instant::compareTo).orElseThrow();
      try (ConnectWorker second = ConnectWorker.start(bootstrap(), registry(), offsets)) {
        second.putConnector("openmeteo-restart", config);
        await().atMost(Duration.ofSeconds(30)).until(() -> Topics.<WeatherForecast>values(bootstrap(), registry(),
            topic).stream().anyMatch(w -> w.getIssuedAt().isAfter(lastBefore)));
      }
      // Every issue is whole (its three hours) and written once: no gap, no duplicate.
      Map<Instant, List<Instant>> byIssue = Topics.<WeatherForecast>values(bootstrap(), registry(), topic).stream()
          .collect(Collectors.groupingBy(WeatherForecast::getIssuedAt,
              Collectors.mapping(WeatherForecast::getValidAt, Collectors.toList())));
      assertThat(byIssue).hasSizeGreaterThanOrEqualTo(2).allSatisfy((issued, hours) -> assertThat(hours)
          .containsExactly(Instant.parse("2026-10-02T22:00:00Z"), Instant.parse("2026-10-02T23:00:00Z"),
              Instant.parse("2026-10-03T00:00:00Z")));
    }
  }

  private static String bootstrap() {
    return PlatformExtension.bootstrapServers();
  }

  private static String registry() {
    return PlatformExtension.registryUrl();
  }
}
