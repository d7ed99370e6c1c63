package energy.vgf.flink.lake;

import energy.vgf.charging.ChargerMeterValue;
import energy.vgf.charging.ChargerStatus;
import energy.vgf.charging.ChargingSession;
import energy.vgf.dispatch.DispatchAck;
import energy.vgf.dispatch.DispatchPlan;
import energy.vgf.dispatch.DispatchSetpoint;
import energy.vgf.fleet.FleetConstraint;
import energy.vgf.flexibility.FlexibilityWindow;
import energy.vgf.flink.config.JobConfig;
import energy.vgf.flink.ingest.EventTimeExtractor;
import energy.vgf.flink.ingest.IngestSources;
import energy.vgf.grid.GridConstraint;
import energy.vgf.market.MarketPrice;
import energy.vgf.metering.SiteMeterReading;
import energy.vgf.ops.DeadLetter;
import energy.vgf.schemas.Topics;
import energy.vgf.telemetry.VehicleTelemetry;
import energy.vgf.weather.WeatherForecast;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.formats.avro.AvroToRowDataConverters;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.flink.CatalogLoader;
import org.apache.iceberg.flink.FlinkSchemaUtil;
import org.apache.iceberg.flink.TableLoader;
import org.apache.iceberg.flink.sink.IcebergSink;

/**
 * Every raw and derived stream into Iceberg: one table per topic, committed exactly once per checkpoint
 * (the Iceberg sink commits the files of a checkpoint in one snapshot, recording the checkpoint id so that a
 * restore never commits twice). Separate from the core job so that a slow lake never back-pressures dispatch.
 * Records that do not decode are counted here and dead-lettered by the core job, which reads the same raw topics.
 */
public final class LakeJob {
  public static final String NAME = "vgf-lake";

  /** A topic, its contract, its table and the column whose day partitions it. */
  public record LakeTopic<T extends SpecificRecordBase>(String name, String topic, Class<T> recordClass, String table,
                                                        String eventTimeColumn, EventTimeExtractor<T> eventTime) {
  }

  private LakeJob() {
  }

  public static List<LakeTopic<?>> topics(JobConfig config) {
    List<LakeTopic<?>> t = new ArrayList<>(List.of(
        new LakeTopic<>("telemetry", Topics.VEHICLE_TELEMETRY, VehicleTelemetry.class, "vehicle_telemetry", "ts", VehicleTelemetry::getTs),
        new LakeTopic<>("charger-status", Topics.CHARGER_STATUS, ChargerStatus.class, "charger_status", "ts", ChargerStatus::getTs),
        new LakeTopic<>("charger-session", Topics.CHARGING_SESSION, ChargingSession.class, "charging_session", "ts", ChargingSession::getTs),
        new LakeTopic<>("charger-meter", Topics.CHARGER_METER, ChargerMeterValue.class, "charger_meter_value", "ts", ChargerMeterValue::getTs),
        new LakeTopic<>("site-meter", Topics.SITE_METER, SiteMeterReading.class, "site_meter_reading", "interval_start", SiteMeterReading::getIntervalStart),
        new LakeTopic<>("fleet-constraint", Topics.FLEET_CONSTRAINT, FleetConstraint.class, "fleet_constraint", "issued_at", FleetConstraint::getIssuedAt),
        new LakeTopic<>("market-price", Topics.MARKET_PRICE, MarketPrice.class, "market_price", "interval_start", MarketPrice::getIntervalStart),
        new LakeTopic<>("weather", Topics.WEATHER_FORECAST, WeatherForecast.class, "weather_forecast", "valid_at", WeatherForecast::getIssuedAt),
        new LakeTopic<>("grid-constraint", Topics.GRID_CONSTRAINT, GridConstraint.class, "grid_constraint", "valid_from", GridConstraint::getIssuedAt),
        new LakeTopic<>("flexibility", Topics.FLEXIBILITY_WINDOW, FlexibilityWindow.class, "flexibility_window", "window_start", FlexibilityWindow::getWindowStart),
        new LakeTopic<>("setpoint", Topics.DISPATCH_SETPOINT, DispatchSetpoint.class, "dispatch_setpoint", "valid_from", DispatchSetpoint::getCreatedAt),
        new LakeTopic<>("ack", Topics.DISPATCH_ACK, DispatchAck.class, "dispatch_ack", "ts", DispatchAck::getTs),
        new LakeTopic<>("deadletter", Topics.DEAD_LETTER, DeadLetter.class, "dead_letter", "ts", DeadLetter::getTs)));
    if (!config.planTopic().isEmpty()) {
      t.add(new LakeTopic<>("plan", config.planTopic(), DispatchPlan.class, "dispatch_plan", "horizon_start", DispatchPlan::getCreatedAt));
    }
    return t;
  }

  public static void build(StreamExecutionEnvironment env, JobConfig config) {
    CatalogLoader catalogLoader = LakeCatalogs.loader(config.lakeCatalogName(), config.lakeCatalogProperties());
    Catalog catalog = catalogLoader.loadCatalog();
    for (LakeTopic<?> t : topics(config)) {
      add(env, config, catalogLoader, catalog, t);
    }
    if (catalog instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception e) {
        // only the start-up handle; the sinks open their own
      }
    }
  }

  private static <T extends SpecificRecordBase> void add(StreamExecutionEnvironment env, JobConfig config,
                                                         CatalogLoader catalogLoader, Catalog catalog, LakeTopic<T> t) {
    TableIdentifier id = TableIdentifier.of(LakeTables.namespace(config.lakeNamespace()), t.table());
    Schema avro = SpecificData.get().getSchema(t.recordClass());
    // The row type comes from the table, not from Avro: Iceberg reads timestamps as TIMESTAMP(6) and a
    // TIMESTAMP(3) row (stored compactly) would be misread.
    RowType rowType = FlinkSchemaUtil.convert(LakeTables.ensure(catalog, id, avro, t.eventTimeColumn()));
    DataStream<T> records = IngestSources.read(env, config, "lake-" + t.name(), t.topic(), t.recordClass(),
        r -> null, t.eventTime()).records();
    DataStream<RowData> rows = records.map(new ToRowData<T>(rowType), InternalTypeInfo.of(rowType))
        .name("rows " + t.table()).uid("lake-rows-" + t.name());
    IcebergSink.forRowData(rows)
        .tableLoader(TableLoader.fromCatalog(catalogLoader, id))
        .uidSuffix("lake-" + t.name())
        .append()
        .name("iceberg " + id);
  }

  /**
   * Avro record to Flink's internal row, with Flink's own converter (the one its Avro format uses).
   *
   * <p>Flink 2.1's converter builds the converters of nested records with its legacy timestamp mapping, which has
   * no TIMESTAMP_LTZ (a setpoint's steps fail with "Unsupported type: TIMESTAMP_LTZ(6)"). Nested timestamps are
   * therefore converted as TIMESTAMP: both are the same TimestampData, milliseconds since the epoch, and the sink
   * writes the rows with the table's own types.
   */
  static final class ToRowData<T> extends RichMapFunction<T, RowData> {
    private static final long serialVersionUID = 1L;
    private final RowType rowType;
    private transient AvroToRowDataConverters.AvroToRowDataConverter converter;

    ToRowData(RowType rowType) {
      this.rowType = rowType;
    }

    @Override
    public void open(OpenContext ctx) {
      converter = AvroToRowDataConverters.createRowConverter(nestedTimestampsWithoutZone(rowType, true), false);
    }

    @Override
    public RowData map(T value) {
      return (RowData) converter.convert((GenericRecord) value);
    }
  }

  static RowType nestedTimestampsWithoutZone(RowType row, boolean topLevel) {
    List<RowType.RowField> fields = new ArrayList<>();
    for (RowType.RowField f : row.getFields()) {
      fields.add(new RowType.RowField(f.getName(), nested(f.getType(), topLevel), f.getDescription().orElse(null)));
    }
    return new RowType(row.isNullable(), fields);
  }

  private static LogicalType nested(LogicalType type, boolean topLevel) {
    if (type instanceof LocalZonedTimestampType ltz && !topLevel) {
      return new TimestampType(ltz.isNullable(), ltz.getPrecision());
    }
    if (type instanceof RowType r) {
      return nestedTimestampsWithoutZone(r, false);
    }
    if (type instanceof ArrayType a) {
      return new ArrayType(a.isNullable(), nested(a.getElementType(), topLevel));
    }
    return type;
  }
}
