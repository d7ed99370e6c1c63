package energy.vgf.flink.dispatch;

import energy.vgf.grid.GridConstraint;
import energy.vgf.market.MarketPrice;
import energy.vgf.weather.WeatherForecast;

/** One broadcast input of dispatch: exactly one field is set. */
public class MarketSignal {
  public MarketPrice price;
  public WeatherForecast weather;
  public GridConstraint grid;

  public MarketSignal() {
  }

  public static MarketSignal of(MarketPrice p) {
    MarketSignal s = new MarketSignal();
    s.price = p;
    return s;
  }

  public static MarketSignal of(WeatherForecast w) {
    MarketSignal s = new MarketSignal();
    s.weather = w;
    return s;
  }

  public static MarketSignal of(GridConstraint g) {
    MarketSignal s = new MarketSignal();
    s.grid = g;
    return s;
  }
}
