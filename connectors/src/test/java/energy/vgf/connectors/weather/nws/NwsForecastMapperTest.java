package energy.vgf.connectors.weather.nws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.node.TextNode;
import energy.vgf.connectors.source.FeedItem;
import energy.vgf.connectors.source.JsonPayloads;
import energy.vgf.connectors.testing.ReplayServer;
import energy.vgf.weather.WeatherForecast;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class NwsForecastMapperTest {

  private static final NwsConfig.Location SITE = new NwsConfig.Location("depot-tae", 30.0, -85.0);

  @Test
  void mapsHourlyPeriodsToUtcHoursInCelsius() throws Exception {
    List<FeedItem> items = NwsForecastMapper.map(
        JsonPayloads.MAPPER.readTree(ReplayServer.sample("nws/gridpoints_forecast_hourly_us.json")), SITE);

    List<WeatherForecast> f = items.stream().map(i -> (WeatherForecast) ((FeedItem.Mapped) i).value()).toList();
    assertThat(f).hasSize(2);
    // startTime 2019-10-14T20:00:00-04:00, 78 F; then 21:00-04:00, 77 F; wind "0 mph".
    assertThat(f.get(0).getValidAt()).isEqualTo(Instant.parse("2019-10-15T00:00:00Z"));
    assertThat(f.get(0).getTemperatureC()).isCloseTo((78 - 32) * 5 / 9.0, within(1e-9));
    assertThat(f.get(1).getValidAt()).isEqualTo(Instant.parse("2019-10-15T01:00:00Z"));
    assertThat(f.get(1).getTemperatureC()).isCloseTo(25.0, within(1e-9));
    assertThat(f.get(0).getWindSpeedMPerS()).isEqualTo(0.0);
    assertThat(f.get(0).getIssuedAt()).isEqualTo(Instant.parse("2019-10-14T23:16:24Z"));
    assertThat(f.get(0).getProvider()).isEqualTo("nws");
    assertThat(f.get(0).getLocationId()).isEqualTo("depot-tae");
    assertThat(((FeedItem.Mapped) items.get(0)).key()).isEqualTo("depot-tae");
  }

  @Test
  void readsWindSpeedRangesAtTheirMidpoint() {
    assertThat(NwsForecastMapper.windSpeedMPerS(new TextNode("5 to 15 mph"))).isCloseTo(10 * 0.44704, within(1e-9));
    assertThat(NwsForecastMapper.windSpeedMPerS(new TextNode("36 km/h"))).isCloseTo(10.0, within(1e-9));
  }

  @Test
  void rejectsAPeriodWithoutANumericTemperature() throws Exception {
    String json = ReplayServer.sample("nws/gridpoints_forecast_hourly_us.json").replaceFirst("\"temperature\": 78",
        "\"temperature\": \"hot\"");
    List<FeedItem> items = NwsForecastMapper.map(JsonPayloads.MAPPER.readTree(json), SITE);
    assertThat(items.get(0)).isInstanceOf(FeedItem.Rejected.class);
    assertThat(((FeedItem.Rejected) items.get(0)).reason()).contains("NWS period 1").contains("'temperature'");
    assertThat(items.get(1)).isInstanceOf(FeedItem.Mapped.class);
  }
}
