package energy.vgf.cli.demo;

import energy.vgf.fleet.FleetConstraint;
import energy.vgf.grid.GridConstraint;
import energy.vgf.market.MarketPrice;
import energy.vgf.metering.SiteMeterReading;
import energy.vgf.simulator.output.Stream;
import energy.vgf.simulator.output.StreamSink;
import energy.vgf.telemetry.VehicleTelemetry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * Keeps the records a run published that the KPIs need (the same records that went to Kafka, teed), so the
 * KPIs need not re-read whole topics. Telemetry is kept only while parked or charging: the departure SoC is the
 * last reading before the vehicle drives off.
 */
final class RecordCapture implements StreamSink {

  // Appended from the simulation's threads, read once the run is over; a week of a full fleet is millions of
  // readings, so appends must be O(1) (not copy-on-write).
  final List<VehicleTelemetry> telemetry = Collections.synchronizedList(new ArrayList<>());
  final List<FleetConstraint> constraints = Collections.synchronizedList(new ArrayList<>());
  final List<SiteMeterReading> meter = Collections.synchronizedList(new ArrayList<>());
  final List<MarketPrice> prices = Collections.synchronizedList(new ArrayList<>());
  final List<GridConstraint> grid = Collections.synchronizedList(new ArrayList<>());

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
