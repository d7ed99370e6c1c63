package energy.vgf.simulator.output;

import energy.vgf.schemas.Topics;

/** The streams the simulator produces: their topic and the file name used with --out. */
public enum Stream {
  VEHICLE_TELEMETRY(Topics.VEHICLE_TELEMETRY, "vehicle-telemetry.jsonl"),
  FLEET_CONSTRAINT(Topics.FLEET_CONSTRAINT, "fleet-constraint.jsonl"),
  SITE_METER(Topics.SITE_METER, "site-meter.jsonl"),
  MARKET_PRICE(Topics.MARKET_PRICE, "market-price.jsonl"),
  WEATHER_FORECAST(Topics.WEATHER_FORECAST, "weather-forecast.jsonl"),
  GRID_CONSTRAINT(Topics.GRID_CONSTRAINT, "grid-constraint.jsonl");

  private final String topic;
  private final String fileName;

  Stream(String topic, String fileName) {
    this.topic = topic;
    this.fileName = fileName;
  }

  public String topic() {
    return topic;
  }

  public String fileName() {
    return fileName;
  }
}
