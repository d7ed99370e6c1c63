package energy.vgf.flink;

import energy.vgf.charging.ChargerMeterValue;
import energy.vgf.charging.ChargerStatus;
import energy.vgf.charging.ChargingSession;
import energy.vgf.dispatch.DispatchAck;
import energy.vgf.dispatch.DispatchPlan;
import energy.vgf.dispatch.DispatchSetpoint;
import energy.vgf.fleet.FleetConstraint;
import energy.vgf.flexibility.FlexibilityWindow;
import energy.vgf.flink.config.JobConfig;
import energy.vgf.flink.dispatch.DispatchFunction;
import energy.vgf.flink.dispatch.MarketSignal;
import energy.vgf.flink.dispatch.SignalClockRelease;
import energy.vgf.flink.dispatch.SiteInput;
import energy.vgf.flink.dispatch.SiteInputSerializer;
import energy.vgf.flink.flexibility.FlexibilityCalculator;
import energy.vgf.flink.flexibility.FlexibilityFunction;
import energy.vgf.flink.ingest.IngestSources;
import energy.vgf.flink.ingest.IngestSources.Ingested;
import energy.vgf.flink.ingest.KafkaSinks;
import energy.vgf.flink.vehicle.AckEvent;
import energy.vgf.flink.vehicle.ChargerInput;
import energy.vgf.flink.vehicle.ChargerStateFunction;
import energy.vgf.flink.vehicle.SnapshotCoalescer;
import energy.vgf.flink.vehicle.VehicleInput;
import energy.vgf.flink.vehicle.VehicleSnapshot;
import energy.vgf.flink.vehicle.VehicleSnapshotSerializer;
import energy.vgf.flink.vehicle.VehicleStateFunction;
import energy.vgf.grid.GridConstraint;
import energy.vgf.market.MarketPrice;
import energy.vgf.ops.DeadLetter;
import energy.vgf.schemas.Topics;
import energy.vgf.telemetry.VehicleTelemetry;
import energy.vgf.weather.WeatherForecast;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;

/**
 * The streaming core: vehicle and charger state, windowed fleet flexibility and rolling-horizon dispatch.
 * Operator uids are part of the savepoint contract: never change one; add new operators with new uids.
 */
public final class CoreJob {
  public static final String NAME = "vgf-core";

  private CoreJob() {
  }

  public static void build(StreamExecutionEnvironment env, JobConfig config) {
    TypeInformation<VehicleInput> vehicleInput = TypeInformation.of(VehicleInput.class);
    TypeInformation<ChargerInput> chargerInput = TypeInformation.of(ChargerInput.class);
    // Records that only cross stream edges have hand-written serializers (see each class); state types stay POJO/Avro.
    TypeInformation<SiteInput> siteInput = SiteInputSerializer.TYPE;
    TypeInformation<VehicleSnapshot> snapshotWire = VehicleSnapshotSerializer.TYPE;
    TypeInformation<MarketSignal> signal = TypeInformation.of(MarketSignal.class);

    Ingested<VehicleTelemetry> telemetry = IngestSources.read(env, config, "telemetry", Topics.VEHICLE_TELEMETRY,
        VehicleTelemetry.class, Validators.TELEMETRY, VehicleTelemetry::getTs);
    Ingested<ChargerStatus> status = IngestSources.read(env, config, "charger-status", Topics.CHARGER_STATUS,
        ChargerStatus.class, Validators.STATUS, ChargerStatus::getTs);
    Ingested<ChargingSession> session = IngestSources.read(env, config, "charger-session", Topics.CHARGING_SESSION,
        ChargingSession.class, Validators.SESSION, ChargingSession::getTs);
    Ingested<ChargerMeterValue> meter = IngestSources.read(env, config, "charger-meter", Topics.CHARGER_METER,
        ChargerMeterValue.class, Validators.METER, ChargerMeterValue::getTs);
    Ingested<FleetConstraint> constraint = IngestSources.read(env, config, "fleet-constraint", Topics.FLEET_CONSTRAINT,
        FleetConstraint.class, Validators.CONSTRAINT, FleetConstraint::getIssuedAt);
    Ingested<DispatchAck> ack = IngestSources.read(env, config, "dispatch-ack", Topics.DISPATCH_ACK,
        DispatchAck.class, Validators.ACK, DispatchAck::getTs);
    Ingested<MarketPrice> price = IngestSources.read(env, config, "market-price", Topics.MARKET_PRICE,
        MarketPrice.class, Validators.PRICE, CoreJob::priceKnownAt);
    Ingested<WeatherForecast> weather = IngestSources.read(env, config, "weather", Topics.WEATHER_FORECAST,
        WeatherForecast.class, Validators.WEATHER, WeatherForecast::getIssuedAt);
    Ingested<GridConstraint> grid = IngestSources.read(env, config, "grid-constraint", Topics.GRID_CONSTRAINT,
        GridConstraint.class, Validators.GRID, GridConstraint::getIssuedAt);

    // Charger records first: they learn each charger's site and vehicle, and resolve acks to sites.
    SingleOutputStreamOperator<VehicleInput> fromChargers = status.records().map(ChargerInput::of, chargerInput).name("charger status")
        .union(session.records().map(ChargerInput::of, chargerInput).name("charger session"),
            meter.records().map(ChargerInput::of, chargerInput).name("charger meter"),
            ack.records().map(ChargerInput::of, chargerInput).name("dispatch ack"))
        .keyBy(ChargerInput::chargerId, Types.STRING)
        .process(new ChargerStateFunction(), vehicleInput)
        .name("charger state").uid("charger-state");

    SingleOutputStreamOperator<VehicleSnapshot> snapshots = telemetry.records().map(VehicleInput::of, vehicleInput).name("telemetry")
        .union(constraint.records().map(VehicleInput::of, vehicleInput).name("fleet constraint"), fromChargers)
        .keyBy(VehicleInput::vehicleId, Types.STRING)
        .process(new VehicleStateFunction(config), snapshotWire)
        .name("vehicle state").uid("vehicle-state");
    // Energy-only changes wait for the next boundary or checkpoint (see SnapshotCoalescer): one snapshot per
    // vehicle per boundary or checkpoint crosses the two shuffles below instead of one per reading. Stateless.
    DataStream<VehicleSnapshot> siteSnapshots = snapshots
        .transform("coalesce snapshots", snapshotWire,
            new SnapshotCoalescer(SnapshotCoalescer.boundaryMs(config.flexibilityWindowMinutes(), config.dispatchIntervalMinutes())))
        .uid("snapshot-coalescer");

    // Flexibility per site, then per feeder group (a real tumbling window over the site windows).
    AvroTypeInfo<FlexibilityWindow> flexType = new AvroTypeInfo<>(FlexibilityWindow.class);
    SingleOutputStreamOperator<FlexibilityWindow> siteFlex = siteSnapshots
        .keyBy(v -> v.siteId, Types.STRING)
        .process(new FlexibilityFunction(config), flexType)
        .name("site flexibility").uid("site-flexibility");
    DataStream<FlexibilityWindow> feederFlex = siteFlex
        .filter(w -> w.getFeederId() != null).name("sites with a feeder").uid("feeder-filter")
        .map(FlexibilityCalculator::asFeeder, flexType).name("as feeder window").uid("feeder-map")
        .keyBy(w -> w.getFeederId(), Types.STRING)
        .window(TumblingEventTimeWindows.of(Duration.ofMinutes(config.flexibilityWindowMinutes())))
        .reduce(FlexibilityCalculator::merge)
        .name("feeder flexibility").uid("feeder-flexibility");
    siteFlex.union(feederFlex)
        .sinkTo(KafkaSinks.avro(config, "flexibility", Topics.FLEXIBILITY_WINDOW, w -> w.getSiteId().equals("*") ? w.getFeederId() : w.getSiteId()))
        .name("sink " + Topics.FLEXIBILITY_WINDOW).uid("sink-flexibility");

    // Dispatch per site: vehicle snapshots and acks keyed, prices/weather/grid broadcast.
    DataStream<AckEvent> acks = fromChargers.getSideOutput(ChargerStateFunction.ACKS);
    DataStream<MarketSignal> signalRecords = price.records().map(MarketSignal::of, signal).name("prices")
        .union(weather.records().map(MarketSignal::of, signal).name("weather"),
            grid.records().map(MarketSignal::of, signal).name("grid constraints"));
    if (!config.dispatchWaitsForSignals()) {
      signalRecords = signalRecords.transform("signals off the dispatch clock", signal, new SignalClockRelease<>())
          .uid("signal-clock-release");
    }
    BroadcastStream<MarketSignal> signals = signalRecords
        .broadcast(DispatchFunction.PRICES, DispatchFunction.WEATHER, DispatchFunction.GRID);
    SingleOutputStreamOperator<DispatchSetpoint> setpoints = siteSnapshots.map(SiteInput::of, siteInput).name("to site input")
        .union(acks.map(SiteInput::of, siteInput).name("acks to site input"))
        .keyBy(SiteInput::siteId, Types.STRING)
        .connect(signals)
        .process(new DispatchFunction(config), new AvroTypeInfo<>(DispatchSetpoint.class))
        .name("dispatch").uid("dispatch");
    setpoints.sinkTo(KafkaSinks.avro(config, "setpoints", Topics.DISPATCH_SETPOINT, DispatchSetpoint::getChargerId))
        .name("sink " + Topics.DISPATCH_SETPOINT).uid("sink-setpoints");
    if (!config.planTopic().isEmpty()) {
      setpoints.getSideOutput(DispatchFunction.PLANS)
          .sinkTo(KafkaSinks.<DispatchPlan>avro(config, "plans", config.planTopic(), DispatchPlan::getSiteId))
          .name("sink " + config.planTopic()).uid("sink-plans");
    }

    DataStream<DeadLetter> deadLetters = telemetry.deadLetters().union(status.deadLetters(), session.deadLetters(),
        meter.deadLetters(), constraint.deadLetters(), ack.deadLetters(), price.deadLetters(), weather.deadLetters(),
        grid.deadLetters(), snapshots.getSideOutput(VehicleStateFunction.LATE),
        fromChargers.getSideOutput(ChargerStateFunction.UNMAPPED));
    deadLetters.sinkTo(KafkaSinks.avro(config, "deadletter", Topics.DEAD_LETTER, DeadLetter::getSourceTopic))
        .name("sink " + Topics.DEAD_LETTER).uid("sink-deadletter");
  }

  /**
   * A price's event time is when it became known (published_at), not the interval it prices: day-ahead prices
   * cover tomorrow, and with the vehicles' streams idle (a quiet night, a job started before the fleet
   * reports) their interval starts alone would carry every operator's watermark a day ahead and make all
   * later telemetry late. Without published_at, the interval start.
   */
  static java.time.Instant priceKnownAt(MarketPrice p) {
    return p.getPublishedAt() != null ? p.getPublishedAt() : p.getIntervalStart();
  }
}
