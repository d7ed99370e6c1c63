package energy.vgf.simulator.weather;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import energy.vgf.simulator.CollectingSink;
import energy.vgf.simulator.Simulation;
import energy.vgf.simulator.output.Stream;
import energy.vgf.simulator.scenario.DepotSpec;
import energy.vgf.simulator.scenario.Scenario;
import energy.vgf.simulator.scenario.ScenarioLoader;
import energy.vgf.telemetry.VehicleTelemetry;
import energy.vgf.weather.WeatherForecast;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class WeatherModelTest {

  private final Scenario scenario = ScenarioLoader.loadDefault();
  private final DepotSpec depot = scenario.depots().get(0);
  private final WeatherModel model = new WeatherModel(scenario, depot);

  @Test
  void irradianceIsZeroAtNightAndPeaksAroundSolarNoon() {
    long day = scenario.startInstant().getEpochSecond();
    double best = 0;
    int bestLocalHour = -1;
    for (int h = 0; h < 24; h++) {
      long hour = day + h * 3600L;
      double ghi = model.irradianceWPerM2(hour);
      int local = java.time.Instant.ofEpochSecond(hour).atZone(scenario.zone()).getHour();
      if (local < 6 || local >= 18) {
        assertThat(ghi).as("local hour " + local).isZero();
      }
      if (ghi > best) {
        best = ghi;
        bestLocalHour = local;
      }
    }
    assertThat(bestLocalHour).isBetween(11, 13);
    assertThat(best).isBetween(150.0, 800.0); // January in Los Angeles, some cloud
  }

  @Test
  void afternoonsAreWarmerThanTheEarlyMorning() {
    double afternoon = 0;
    double morning = 0;
    for (int d = 0; d < scenario.days(); d++) {
      ZonedDateTime date = scenario.startDate().plusDays(d).atStartOfDay(scenario.zone());
      afternoon += model.temperatureC(date.plusHours(15).toEpochSecond());
      morning += model.temperatureC(date.plusHours(5).toEpochSecond());
    }
    assertThat(afternoon).isGreaterThan(morning + 3 * scenario.days());
  }

  @Test
  void forecastErrorGrowsWithLeadTime() {
    List<WeatherForecast> forecasts = model.forecasts(scenario.startInstant(), scenario.endInstant());
    double errShort = 0;
    double errLong = 0;
    int nShort = 0;
    int nLong = 0;
    for (WeatherForecast f : forecasts) {
      long lead = (f.getValidAt().getEpochSecond() - f.getIssuedAt().getEpochSecond()) / 3600;
      double err = Math.abs(f.getTemperatureC() - model.temperatureC(f.getValidAt().getEpochSecond()));
      if (lead <= 3) {
        errShort += err;
        nShort++;
      } else if (lead >= 36) {
        errLong += err;
        nLong++;
      }
    }
    assertThat(errLong / nLong).isGreaterThan(errShort / nShort);
    assertThat(errShort / nShort).isLessThan(0.6);
    assertThat(forecasts.get(0).getIssuedAt()).isBeforeOrEqualTo(scenario.startInstant());
  }

  @Test
  void telemetryReportsTheTemperatureTheEnergyModelUses() {
    CollectingSink sink = new CollectingSink();
    new Simulation(scenario.withDays(1).withVehicles(10)).run(sink);
    for (VehicleTelemetry t : sink.values(Stream.VEHICLE_TELEMETRY, VehicleTelemetry.class)) {
      String depotId = t.getVehicleId().startsWith("sb-") ? depot.id() : null;
      if (depotId != null) {
        assertThat(t.getAmbientTempC()).isCloseTo(model.temperatureC(t.getTs().getEpochSecond()), within(0.051));
      }
    }
  }
}
