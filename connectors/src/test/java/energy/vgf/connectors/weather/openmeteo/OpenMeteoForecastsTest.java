package energy.vgf.connectors.weather.openmeteo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import energy.vgf.connectors.source.FeedItem;
import energy.vgf.connectors.source.JsonPayloads;
import energy.vgf.connectors.source.MappingException;
import energy.vgf.connectors.testing.ReplayServer;
import energy.vgf.weather.WeatherForecast;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenMeteoForecastsTest {

  private static final OpenMeteoConfig.Location ENSCHEDE = new OpenMeteoConfig.Location("depot-nl", 52.276, 6.873);
  private static final Instant ISSUED = Instant.parse("2026-10-02T21:00:00Z");

  @Test
  void mapsTheHourlyColumnsWithTheAnswersUtcOffsetAndUnits() throws Exception {
    List<FeedItem> items = OpenMeteoForecasts.map(JsonPayloads.MAPPER.readTree(
        ReplayServer.sample("open-meteo/forecast_hourly_excerpt.json")), ENSCHEDE, ISSUED);

    List<WeatherForecast> f = items.stream().map(i -> (WeatherForecast) ((FeedItem.Mapped) i).value()).toList();
    // "2026-10-03T00:00" local with utc_offset_seconds 7200 is 2026-10-02T22:00Z
    assertThat(f).extracting(WeatherForecast::getValidAt).containsExactly(Instant.parse("2026-10-02T22:00:00Z"),
        Instant.parse("2026-10-02T23:00:00Z"), Instant.parse("2026-10-03T00:00:00Z"));
    assertThat(f).extracting(WeatherForecast::getTemperatureC).containsExactly(11.8, 11.2, 11.0);
    assertThat(f).extracting(WeatherForecast::getCloudCoverPct).containsExactly(1.0, 48.0, 47.0);
    assertThat(f).extracting(WeatherForecast::getIrradianceWPerM2).containsExactly(0.0, 0.0, 0.0);
    // wind_speed_10m 9.0 km/h
    assertThat(f.get(0).getWindSpeedMPerS()).isCloseTo(2.5, within(1e-9));
    assertThat(f).allSatisfy(w -> {
      assertThat(w.getProvider()).isEqualTo("open-meteo");
      assertThat(w.getIssuedAt()).isEqualTo(ISSUED);
      assertThat(w.getLocationId()).isEqualTo("depot-nl");
    });
  }

  @Test
  void rejectsHoursWithoutATemperatureNamingTheHour() throws Exception {
    // The probabilities fixture has 24 hours and no temperature_2m column.
    List<FeedItem> items = OpenMeteoForecasts.map(JsonPayloads.MAPPER.readTree(
        ReplayServer.sample("open-meteo/forecast_precipitation_probabilities.json")), ENSCHEDE, ISSUED);
    assertThat(items).hasSize(24).allSatisfy(i -> assertThat(((FeedItem.Rejected) i).reason())
        .contains("temperature_2m is null"));
    assertThat(((FeedItem.Rejected) items.get(0)).reason()).contains("\"2026-10-05T00:00\"");
  }

  @Test
  void refusesTheDocumentedErrorAnswer() throws Exception {
    assertThatThrownBy(() -> OpenMeteoForecasts.map(JsonPayloads.MAPPER.readTree(
        ReplayServer.sample("open-meteo/error_400_reconstructed.json")), ENSCHEDE, ISSUED))
        .isInstanceOf(MappingException.class).hasMessageContaining("hourly.time");
  }

  @Test
  void convertsTheOtherUnitsOpenMeteoOffers() {
    assertThat(OpenMeteoForecasts.celsius(50, "°F")).isCloseTo(10.0, within(1e-9));
    assertThat(OpenMeteoForecasts.metresPerSecond(10.0, "kn")).isCloseTo(5.1444, within(1e-4));
    assertThat(OpenMeteoForecasts.metresPerSecond(10.0, "mp/h")).isCloseTo(4.4704, within(1e-9));
  }
}
