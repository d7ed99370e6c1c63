package energy.vgf.cli.demo;

import energy.vgf.fleet.FleetConstraint;
import energy.vgf.grid.GridConstraint;
import energy.vgf.market.MarketPrice;
import energy.vgf.metering.SiteMeterReading;
import energy.vgf.simulator.output.Stream;
import energy.vgf.simulator.output.StreamSink;
import energy.vgf.telemetry.VehicleTelemetry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.avro.specific.SpecificRecord;

/**
 * Keeps the records a run published that the KPIs need (the same records that went to Kafka, teed), so the
 * KPIs need not re-read whole topics. Telemetry is kept only while parked or charging: the departure SoC is the
 * last reading before the vehicle drives off.
 */
final class RecordCapture implements StreamSink {

  final List<VehicleTelemetry> telemetry = new CopyOnWriteArrayList<>();
  final List<FleetConstraint> constraints = new CopyOnWriteArrayList<>();
  final List<SiteMeterReading> meter = new CopyOnWriteArrayList<>();
  final List<MarketPrice> prices = new CopyOnWriteArrayList<>();
  final List<GridConstraint> grid = new CopyOnWriteArrayList<>();

  @Override
  public void write(Stream stream, String key, long timestampMs, SpecificRecord value) {
    switch (stream) {
      case VEHICLE_TELEMETRY -> telemetry.add((VehicleTelemetry) value);
      case FLEET_CONSTRAINT -> constraints.add((FleetConstraint) value);
      case SITE_METER -> meter.add((SiteMeterReading) value);
      case MARKET_PRICE -> prices.add((MarketPrice) value);
      case GRID_CONSTRAINT -> grid.add((GridConstraint) value);
      default -> { }
    }
  }

  @Override
  public void close() {}
}
