package energy.vgf.schemas;

/** Names of the catalogue's topics as constants, checked against topics.yaml by TopicCatalogTest. */
public final class Topics {
  public static final String VEHICLE_TELEMETRY = "vgf.telemetry.vehicle";
  public static final String CHARGER_STATUS = "vgf.charger.status";
  public static final String CHARGING_SESSION = "vgf.charger.session";
  public static final String CHARGER_METER = "vgf.charger.meter";
  public static final String CHARGER_ENROLLMENT = "vgf.charger.enrollment";
  public static final String SITE_METER = "vgf.meter.site";
  public static final String MARKET_PRICE = "vgf.market.price";
  public static final String WEATHER_FORECAST = "vgf.weather.forecast";
  public static final String GRID_CONSTRAINT = "vgf.grid.constraint";
  public static final String FLEET_CONSTRAINT = "vgf.fleet.constraint";
  public static final String FLEXIBILITY_WINDOW = "vgf.flexibility.window";
  public static final String DISPATCH_SETPOINT = "vgf.dispatch.setpoint";
  public static final String DISPATCH_PLAN = "vgf.dispatch.plan";
  public static final String DISPATCH_ACK = "vgf.dispatch.ack";
  public static final String SETTLEMENT_RECORD = "vgf.settlement.record";
  public static final String DEAD_LETTER = "vgf.deadletter";

  private Topics() {}
}
