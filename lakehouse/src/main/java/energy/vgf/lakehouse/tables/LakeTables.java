package energy.vgf.lakehouse.tables;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.apache.iceberg.NullOrder;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * The single source of truth for every lake table: the Flink lake sink, the settlement jobs, the loader,
 * Trino and the notebooks all read these definitions (or the tables created from them).
 *
 * <p>Convention shared with {@code flink-jobs}: namespace {@code raw}, one table per Avro contract named after
 * the record in snake_case, columns exactly the Avro field names, partitioned by {@code day()} of the record's
 * event-time column. {@code curated} holds 15-minute series and sessions; {@code settlement} holds what is
 * paid. Every table is Iceberg format v2 (Trino 476 cannot DELETE from v3), Parquet with zstd.
 */
public final class LakeTables {

  public static final Namespace RAW = Namespace.of("raw");
  public static final Namespace CURATED = Namespace.of("curated");
  public static final Namespace SETTLEMENT = Namespace.of("settlement");

  // raw
  public static final TableIdentifier VEHICLE_TELEMETRY = TableIdentifier.of(RAW, "vehicle_telemetry");
  public static final TableIdentifier CHARGER_STATUS = TableIdentifier.of(RAW, "charger_status");
  public static final TableIdentifier CHARGING_SESSION = TableIdentifier.of(RAW, "charging_session");
  public static final TableIdentifier CHARGER_METER_VALUE = TableIdentifier.of(RAW, "charger_meter_value");
  public static final TableIdentifier SITE_METER_READING = TableIdentifier.of(RAW, "site_meter_reading");
  public static final TableIdentifier MARKET_PRICE = TableIdentifier.of(RAW, "market_price");
  public static final TableIdentifier WEATHER_FORECAST = TableIdentifier.of(RAW, "weather_forecast");
  public static final TableIdentifier GRID_CONSTRAINT = TableIdentifier.of(RAW, "grid_constraint");
  public static final TableIdentifier FLEET_CONSTRAINT = TableIdentifier.of(RAW, "fleet_constraint");
  public static final TableIdentifier FLEXIBILITY_WINDOW = TableIdentifier.of(RAW, "flexibility_window");
  public static final TableIdentifier DISPATCH_SETPOINT = TableIdentifier.of(RAW, "dispatch_setpoint");
  public static final TableIdentifier DISPATCH_ACK = TableIdentifier.of(RAW, "dispatch_ack");
  public static final TableIdentifier DISPATCH_PLAN = TableIdentifier.of(RAW, "dispatch_plan");

  // curated
  public static final TableIdentifier SITE = TableIdentifier.of(CURATED, "site");
  public static final TableIdentifier SITE_LOAD_15MIN = TableIdentifier.of(CURATED, "site_load_15min");
  public static final TableIdentifier CHARGER_LOAD_15MIN = TableIdentifier.of(CURATED, "charger_load_15min");
  public static final TableIdentifier VEHICLE_SOC_15MIN = TableIdentifier.of(CURATED, "vehicle_soc_15min");
  public static final TableIdentifier SESSION = TableIdentifier.of(CURATED, "session");
  public static final TableIdentifier DISPATCH_PLAN_VS_ACTUAL = TableIdentifier.of(CURATED, "dispatch_plan_vs_actual");
  public static final TableIdentifier MARGINAL_EMISSIONS = TableIdentifier.of(CURATED, "marginal_emissions");

  // settlement
  public static final TableIdentifier DR_EVENT_BASELINE = TableIdentifier.of(SETTLEMENT, "dr_event_baseline");
  public static final TableIdentifier DR_EVENT_PERFORMANCE = TableIdentifier.of(SETTLEMENT, "dr_event_performance");
  public static final TableIdentifier SITE_DAY_SAVINGS = TableIdentifier.of(SETTLEMENT, "site_day_savings");
  public static final TableIdentifier PAYMENT = TableIdentifier.of(SETTLEMENT, "payment");
  public static final TableIdentifier STATEMENT = TableIdentifier.of(SETTLEMENT, "statement");

  private static final Map<TableIdentifier, TableDef> DEFS = new LinkedHashMap<>();

  static {
    rawTables();
    curatedTables();
    settlementTables();
  }

  private LakeTables() {
  }

  /** Every table, raw first (so a fresh catalog is created in data-flow order). */
  public static List<TableDef> all() {
    return List.copyOf(DEFS.values());
  }

  public static TableDef get(TableIdentifier id) {
    TableDef def = DEFS.get(id);
    if (def == null) {
      throw new IllegalArgumentException("no lake table " + id + "; known: " + DEFS.keySet());
    }
    return def;
  }

  /** The raw table of an Avro contract, by the snake_case convention (SiteMeterReading -> raw.site_meter_reading). */
  public static TableIdentifier rawTableOf(org.apache.avro.Schema contract) {
    return TableIdentifier.of(RAW, snakeCase(contract.getName()));
  }

  /**
   * Creates every missing namespace and table and evolves existing ones to their definition (see
   * {@link #ensure}). Safe to call concurrently.
   */
  public static void ensureAll(Catalog catalog) {
    for (TableDef def : DEFS.values()) {
      ensure(catalog, def.id());
    }
  }

  /**
   * Creates the table (and its namespace) if missing; if it exists, evolves it to its definition (additive only,
   * see {@link TableEvolution}) and returns it.
   */
  public static Table ensure(Catalog catalog, TableIdentifier id) {
    TableDef def = get(id);
    if (catalog instanceof SupportsNamespaces ns && !ns.namespaceExists(id.namespace())) {
      try {
        ns.createNamespace(id.namespace(), new java.util.HashMap<>(Map.of("comment", namespaceDoc(id.namespace()))));
      } catch (AlreadyExistsException raced) {
        // another writer created it first: fine
      }
    }
    if (catalog.tableExists(id)) {
      return TableEvolution.evolve(catalog.loadTable(id), def);
    }
    try {
      return catalog.buildTable(id, def.schema())
          .withPartitionSpec(def.spec())
          .withSortOrder(def.sortOrder())
          .withProperties(def.properties())
          .create();
    } catch (AlreadyExistsException raced) {
      return TableEvolution.evolve(catalog.loadTable(id), def);
    }
  }

  static String snakeCase(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
  }

  private static String namespaceDoc(Namespace ns) {
    return switch (ns.toString()) {
      case "raw" -> "Every stream as it arrived from Kafka, one table per Avro contract (lake sink).";
      case "curated" -> "15-minute vehicle, charger and site series, sessions, dispatch plans vs actuals.";
      case "settlement" -> "Baselines, event performance, savings, payments and statements: what is paid.";
      default -> ns.toString();
    };
  }

  // ---------------------------------------------------------------------------------------------- raw

  private static void rawTables() {
    // Sort order: the key analysts filter and join on, then time, so Parquet min/max stats prune row groups.
    raw(energy.vgf.telemetry.VehicleTelemetry.getClassSchema(), "ts", "vehicle_id");
    raw(energy.vgf.charging.ChargerStatus.getClassSchema(), "ts", "charger_id");
    raw(energy.vgf.charging.ChargingSession.getClassSchema(), "ts", "session_id");
    raw(energy.vgf.charging.ChargerMeterValue.getClassSchema(), "ts", "charger_id");
    raw(energy.vgf.metering.SiteMeterReading.getClassSchema(), "interval_start", "site_id", "meter_id");
    raw(energy.vgf.market.MarketPrice.getClassSchema(), "interval_start", "iso", "node", "market");
    raw(energy.vgf.weather.WeatherForecast.getClassSchema(), "valid_at", "location_id");
    raw(energy.vgf.grid.GridConstraint.getClassSchema(), "valid_from", "kind", "scope_id");
    raw(energy.vgf.fleet.FleetConstraint.getClassSchema(), "departure_time", "fleet_id");
    raw(energy.vgf.flexibility.FlexibilityWindow.getClassSchema(), "window_start", "site_id");
    raw(energy.vgf.dispatch.DispatchSetpoint.getClassSchema(), "valid_from", "site_id", "charger_id");
    raw(energy.vgf.dispatch.DispatchAck.getClassSchema(), "ts", "charger_id");
    raw(energy.vgf.dispatch.DispatchPlan.getClassSchema(), "horizon_start", "site_id");
  }

  private static void raw(org.apache.avro.Schema contract, String eventTime, String... sortKeys) {
    TableIdentifier id = rawTableOf(contract);
    Schema schema = AvroToIceberg.convert(contract);
    Objects.requireNonNull(schema.findField(eventTime), () -> id + ": no event-time column " + eventTime);
    PartitionSpec spec = PartitionSpec.builderFor(schema).day(eventTime).build();
    SortOrder.Builder order = SortOrder.builderFor(schema);
    for (String key : sortKeys) {
      order.asc(key, NullOrder.NULLS_LAST);
    }
    order.asc(eventTime, NullOrder.NULLS_LAST);
    put(new TableDef(id, schema, spec, order.build(), props(contract.getDoc()
        + " Raw " + contract.getFullName() + " records; partitioned by day(" + eventTime + ")."), contract.getDoc()));
  }

  // ---------------------------------------------------------------------------------------------- curated

  private static void curatedTables() {
    Cols c = new Cols();
    c.req("site_id", str(), "Site (depot) id, as in the contracts.");
    c.opt("feeder_id", str(), "Distribution feeder the site is connected to: the unit of peak-reduction analysis.");
    c.opt("fleet_id", str(), "Fleet operating at the site.");
    c.opt("iso", str(), "ISO/RTO of the site's pricing node (CAISO, PJM, ...).");
    c.opt("node", str(), "Pricing node for LMP settlement.");
    c.opt("emissions_region", str(), "Region key into curated.marginal_emissions.");
    c.req("time_zone", str(), "IANA zone of the site: settlement days and holidays are local days.");
    c.opt("import_limit_kw", dbl(), "Contracted site import limit in kW.");
    curated(SITE, c, null, "site_id", null,
        "Site dimension: feeder, fleet, pricing node, time zone. Small, unpartitioned.");

    c = new Cols();
    c.req("site_id", str(), "Site id.");
    c.opt("feeder_id", str(), "Feeder of the site.");
    c.req("interval_start", ts(), "Start of the 15-minute interval (UTC).");
    c.opt("import_kwh", dbl(), "Energy imported by the site (revenue meter) in the interval, kWh; null when no reading (never filled).");
    c.opt("export_kwh", dbl(), "Energy exported by the site (revenue meter) in the interval, kWh; null when no reading.");
    c.opt("ev_import_kwh", dbl(), "Energy drawn by the site's chargers (managed), kWh, from raw.charger_meter_value.");
    c.opt("ev_export_kwh", dbl(), "Energy the site's chargers returned to the grid (V2G), kWh.");
    c.opt("counterfactual_ev_kwh", dbl(), "EV energy in the interval had every session charged uncontrolled from plug-in, kWh.");
    c.opt("limit_kw", dbl(), "Import limit in force in the interval, kW (SITE_LIMIT constraint, else curated.site.import_limit_kw).");
    c.req("quality", str(), "Worst revenue-meter quality in the interval: VALID, ESTIMATED, QUESTIONABLE, MISSING (no reading).");
    curated(SITE_LOAD_15MIN, c, "interval_start", "site_id", "interval_start",
        "Site load per 15 minutes: managed vs counterfactual vs limit. Partitioned by day, sorted by site then time"
            + " for per-feeder peak queries.");

    c = new Cols();
    c.req("charger_id", str(), "Charger id.");
    c.opt("site_id", str(), "Site id.");
    c.req("interval_start", ts(), "Start of the 15-minute interval (UTC).");
    c.req("import_kwh", dbl(), "Energy delivered to vehicles, kWh.");
    c.req("export_kwh", dbl(), "Energy discharged by vehicles (V2G), kWh.");
    c.opt("avg_power_kw", dbl(), "Mean power over the interval, kW (positive = charging).");
    curated(CHARGER_LOAD_15MIN, c, "interval_start", "site_id", "interval_start",
        "Charger energy per 15 minutes, from raw.charger_meter_value.");

    c = new Cols();
    c.req("vehicle_id", str(), "Vehicle id.");
    c.opt("fleet_id", str(), "Fleet id.");
    c.opt("depot_id", str(), "Depot (site) id.");
    c.req("interval_start", ts(), "Start of the 15-minute interval (UTC).");
    c.opt("soc_pct", dbl(), "Last state of charge seen in the interval, percent.");
    c.opt("status", str(), "Last vehicle status in the interval.");
    curated(VEHICLE_SOC_15MIN, c, "interval_start", "fleet_id", "interval_start",
        "Vehicle state of charge per 15 minutes.");

    c = new Cols();
    c.req("session_id", str(), "Charging session id.");
    c.req("charger_id", str(), "Charger id.");
    c.opt("site_id", str(), "Site id.");
    c.opt("fleet_id", str(), "Fleet id.");
    c.opt("vehicle_id", str(), "Vehicle id.");
    c.req("plugged_in_at", ts(), "Plug-in (session start), UTC.");
    c.opt("ended_at", ts(), "Session end, UTC.");
    c.opt("departure_at", ts(), "Departure required by the fleet constraint, UTC.");
    c.req("energy_kwh", dbl(), "Energy delivered, kWh.");
    c.req("discharged_kwh", dbl(), "Energy discharged (V2G), kWh.");
    c.opt("required_soc_pct", dbl(), "SoC required at departure, percent.");
    c.opt("soc_at_departure_pct", dbl(), "SoC seen at departure, percent.");
    c.opt("soc_met", bool(), "Whether the vehicle left with at least the required SoC.");
    curated(SESSION, c, "plugged_in_at", "site_id", "plugged_in_at",
        "One row per finished session with its departure requirement: SoC compliance.");

    c = new Cols();
    c.req("site_id", str(), "Site id.");
    c.opt("charger_id", str(), "Charger id; null on the site row (the whole site: net load and the sum of its chargers).");
    c.req("interval_start", ts(), "Start of the 15-minute interval (UTC).");
    c.opt("plan_id", str(), "The plan in force: the latest raw.dispatch_plan (newest created_at) whose horizon covers the whole interval.");
    c.opt("plan_created_at", ts(), "When that plan was computed, UTC.");
    c.opt("plan_horizon_start", ts(), "Start of that plan's horizon, UTC.");
    c.opt("planned_kw", dbl(), "Site row: planned site net load, kW (net_load_kw); charger row: planned power of the vehicles on"
        + " the charger, kW (+ charge, - discharge); time-weighted mean when plan intervals are not 15 minutes.");
    c.opt("metered_kw", dbl(), "Site row: revenue-meter (import - export) / 0.25 h, kW; charger row: mean metered power, kW."
        + " Null when there is no reading (MISSING), never filled.");
    c.opt("deviation_kw", dbl(), "metered_kw - planned_kw, kW; null when metered_kw is null.");
    c.opt("deviation_pct", dbl(), "deviation_kw / |planned_kw| x 100; null when planned_kw is 0 or metered_kw is null.");
    c.opt("planned_ev_kw", dbl(), "Site row only: planned power of every vehicle in the plan (assigned to a charger or not), kW.");
    c.opt("metered_ev_kw", dbl(), "Site row only: the site's chargers' metered power (import - export), kW; 0 when none reported.");
    c.opt("ev_deviation_kw", dbl(), "Site row only: metered_ev_kw - planned_ev_kw, kW.");
    c.req("quality", str(), "Site row: worst revenue-meter quality (VALID, ESTIMATED, QUESTIONABLE, MISSING); charger row: VALID"
        + " when the charger reported meter values in the interval, else MISSING.");
    curated(DISPATCH_PLAN_VS_ACTUAL, c, "interval_start", "site_id", "interval_start",
        "Dispatch plan vs actual per site (charger_id null) and per charger, 15 minutes: the latest plan covering each"
            + " interval against the revenue meter and the chargers' meters, with deviations. Built by the savings job"
            + " (./vgf settle) from raw.dispatch_plan, raw.site_meter_reading and raw.charger_meter_value.");

    c = new Cols();
    c.req("region", str(), "Emissions region (balancing authority).");
    c.req("interval_start", ts(), "Start of the interval (UTC).");
    c.req("marginal_kg_co2_per_mwh", dbl(), "Marginal emission rate, kg CO2 per MWh.");
    c.opt("source", str(), "Provider of the series.");
    curated(MARGINAL_EMISSIONS, c, "interval_start", "region", "interval_start",
        "Marginal emission rate series used for carbon avoided.");
  }

  private static void curated(TableIdentifier id, Cols c, String dayOf, String sort1, String sort2, String doc) {
    Schema schema = c.schema();
    PartitionSpec spec = dayOf == null ? PartitionSpec.unpartitioned()
        : PartitionSpec.builderFor(schema).day(dayOf).build();
    SortOrder.Builder order = SortOrder.builderFor(schema).asc(sort1, NullOrder.NULLS_LAST);
    if (sort2 != null) {
      order.asc(sort2, NullOrder.NULLS_LAST);
    }
    put(new TableDef(id, schema, spec, order.build(), props(doc), doc));
  }

  // ---------------------------------------------------------------------------------------------- settlement

  private static void settlementTables() {
    Cols c = new Cols();
    c.req("program_id", str(), "Demand-response program.");
    c.req("event_id", str(), "DR event (raw.grid_constraint.constraint_id).");
    c.req("site_id", str(), "Site id.");
    c.req("meter_id", str(), "Revenue meter id.");
    c.req("settlement_date", date(), "Local settlement day of the event (program time zone).");
    c.req("baseline_method", str(), "CAISO_10_IN_10 or PJM_CBL_HIGH_4_OF_5.");
    c.req("status", str(), "OK, or why no baseline: INSUFFICIENT_HISTORY, MISSING_ADJUSTMENT_DATA.");
    c.req("selected_days", Types.ListType.ofRequired(900, Types.DateType.get()),
        "Look-back days the baseline averages (holidays, event days and flagged days excluded).");
    c.opt("adjustment_window_actual_kwh", dbl(), "Mean metered kWh per interval in the adjustment window.");
    c.opt("adjustment_window_baseline_kwh", dbl(), "Mean unadjusted baseline kWh per interval in the adjustment window.");
    c.opt("adjustment", dbl(), "CAISO: capped ratio (0.8..1.2); PJM: additive kWh per interval.");
    c.req("input_snapshots", snapshots(), "Input table -> snapshot id this row was computed from (audit trail).");
    settlement(DR_EVENT_BASELINE, c, "settlement_date", List.of("program_id", "event_id", "site_id", "meter_id"),
        "One row per DR event and meter: the baseline's look-back days and same-day adjustment.");

    c = new Cols();
    c.req("program_id", str(), "Demand-response program.");
    c.req("event_id", str(), "DR event id.");
    c.req("site_id", str(), "Site id.");
    c.req("meter_id", str(), "Revenue meter id.");
    c.req("settlement_date", date(), "Local settlement day of the event.");
    c.req("interval_start", ts(), "Start of the 15-minute event interval (UTC).");
    c.req("baseline_method", str(), "Baseline method.");
    c.opt("unadjusted_baseline_kwh", dbl(), "Average of the selected look-back days for this interval, kWh.");
    c.opt("baseline_kwh", dbl(), "Baseline after the same-day adjustment, kWh.");
    c.opt("metered_kwh", dbl(), "Metered import in the interval, kWh; null when the reading is missing (never filled).");
    c.opt("reduction_kwh", dbl(), "baseline_kwh - metered_kwh; null when not computable.");
    c.req("meter_quality", str(), "VALID, ESTIMATED, QUESTIONABLE or MISSING (no reading).");
    c.req("paid", bool(), "Whether this interval is paid (VALID or ESTIMATED reading and a baseline).");
    c.req("rate_per_kwh", Types.DecimalType.of(18, 6), "Rate applied, USD/kWh (program rate or LMP/1000).");
    c.req("payment_usd", Types.DecimalType.of(18, 4), "max(reduction_kwh, 0) * rate, rounded half-even to 1/100 cent.");
    c.req("input_snapshots", snapshots(), "Input table -> snapshot id (audit trail).");
    settlement(DR_EVENT_PERFORMANCE, c, "settlement_date", List.of("program_id", "site_id", "interval_start"),
        "Per event interval and meter: baseline vs metered load and its payment.");

    c = new Cols();
    c.req("site_id", str(), "Site id.");
    c.opt("fleet_id", str(), "Fleet id.");
    c.req("settlement_date", date(), "Local day.");
    c.req("actual_kwh", dbl(), "EV energy as managed, kWh.");
    c.req("counterfactual_kwh", dbl(), "EV energy had each session charged uncontrolled from plug-in, kWh.");
    c.req("actual_peak_kw", dbl(), "Peak 15-minute EV demand as managed, kW.");
    c.req("counterfactual_peak_kw", dbl(), "Peak 15-minute EV demand uncontrolled, kW.");
    c.req("actual_energy_cost_usd", Types.DecimalType.of(18, 4), "Managed energy at LMP, USD.");
    c.req("counterfactual_energy_cost_usd", Types.DecimalType.of(18, 4), "Uncontrolled energy at LMP, USD.");
    c.req("v2g_export_kwh", dbl(), "Energy exported by vehicles, kWh.");
    c.req("v2g_revenue_usd", Types.DecimalType.of(18, 4), "Exported energy at LMP, USD.");
    c.req("degradation_cost_usd", Types.DecimalType.of(18, 4), "Battery degradation cost of V2G throughput, USD.");
    c.req("carbon_avoided_kg", dbl(), "Shifted energy x marginal emission rate per interval, kg CO2.");
    c.req("actual_demand_cost_usd", Types.DecimalType.of(18, 4),
        "Demand charge on the month's managed EV peak, booked on the local day the peak occurred (0 on other days), USD.");
    c.req("counterfactual_demand_cost_usd", Types.DecimalType.of(18, 4),
        "Demand charge on the month's uncontrolled EV peak, booked on the local day that peak occurred, USD.");
    c.req("unpriced_intervals", Types.IntegerType.get(),
        "Intervals with EV energy but no real-time LMP: left out of the costs (flagged, never guessed).");
    c.req("missing_emission_intervals", Types.IntegerType.get(),
        "Intervals with EV energy but no marginal emission rate: left out of carbon_avoided_kg (flagged).");
    c.req("input_snapshots", snapshots(), "Input table -> snapshot id (audit trail).");
    settlement(SITE_DAY_SAVINGS, c, "settlement_date", List.of("site_id"),
        "Energy cost, V2G revenue, degradation and carbon vs the uncontrolled counterfactual, per site and day.");

    c = new Cols();
    c.req("period_start", date(), "First local day of the settlement period.");
    c.req("period_end", date(), "Day after the last local day of the period.");
    c.req("program_id", str(), "DR program.");
    c.req("fleet_id", str(), "Fleet.");
    c.req("site_id", str(), "Site.");
    c.req("events", Types.IntegerType.get(), "DR events settled.");
    c.req("reduction_kwh", dbl(), "Paid reduction, kWh.");
    c.req("flagged_intervals", Types.IntegerType.get(), "Event intervals with a missing reading (unpaid) or estimated reading (paid, flagged).");
    c.req("program_payment_usd", Types.DecimalType.of(18, 4), "What the utility program pays for the site's performance, USD.");
    c.req("fleet_credit_usd", Types.DecimalType.of(18, 4), "The fleet's share per contract terms, USD.");
    c.req("aggregator_share_usd", Types.DecimalType.of(18, 4), "The aggregator's share (program_payment - fleet_credit), USD.");
    c.req("input_snapshots", snapshots(), "Input table -> snapshot id (audit trail).");
    settlement(PAYMENT, c, "period_start", List.of("fleet_id", "program_id", "site_id"),
        "Program payments and fleet credits per period, program, fleet and site.");

    // Same shape as the SettlementRecord contract, so statements can also be published to vgf.settlement.record.
    Schema record = AvroToIceberg.convert(energy.vgf.settlement.SettlementRecord.getClassSchema());
    List<Types.NestedField> fields = new ArrayList<>(record.columns());
    Cols s = new Cols();
    for (Types.NestedField f : fields) {
      if (f.name().equals("input_snapshots")) {
        s.req("input_snapshots", snapshots(), f.doc());
      } else if (f.isOptional()) {
        s.opt(f.name(), f.type(), f.doc());
      } else {
        s.req(f.name(), f.type(), f.doc());
      }
    }
    settlement(STATEMENT, s, null, List.of("fleet_id", "item"),
        "Per-fleet statement lines (SettlementRecord contract shape), partitioned by month(period_start).");
  }

  private static void settlement(TableIdentifier id, Cols c, String dayOf, List<String> sort, String doc) {
    Schema schema = c.schema();
    PartitionSpec.Builder b = PartitionSpec.builderFor(schema);
    // Local settlement day as a date column: re-running a period replaces whole partitions.
    b = dayOf != null ? b.identity(dayOf) : b.month("period_start");
    if (schema.findField("program_id") != null) {
      // ... and per program: each program settles in its own zone and can be re-run alone (--program).
      b = b.identity("program_id");
    }
    PartitionSpec spec = b.build();
    SortOrder.Builder order = SortOrder.builderFor(schema);
    for (String key : sort) {
      order.asc(key, NullOrder.NULLS_LAST);
    }
    put(new TableDef(id, schema, spec, order.build(), props(doc), doc));
  }

  // ---------------------------------------------------------------------------------------------- helpers

  private static Map<String, String> props(String doc) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("comment", doc);
    p.put("format-version", "2");
    p.put("write.format.default", "parquet");
    p.put("write.parquet.compression-codec", "zstd");
    // Flink's sink clusters rows by partition before writing: one file per partition and task.
    p.put("write.distribution-mode", "hash");
    p.put("write.target-file-size-bytes", String.valueOf(128L * 1024 * 1024));
    p.put("write.metadata.delete-after-commit.enabled", "true");
    p.put("write.metadata.previous-versions-max", "50");
    return Collections.unmodifiableMap(p);
  }

  private static void put(TableDef def) {
    DEFS.put(def.id(), def);
  }

  private static Type str() {
    return Types.StringType.get();
  }

  private static Type dbl() {
    return Types.DoubleType.get();
  }

  private static Type ts() {
    return Types.TimestampType.withZone();
  }

  private static Type date() {
    return Types.DateType.get();
  }

  private static Type bool() {
    return Types.BooleanType.get();
  }

  private static Type snapshots() {
    return Types.MapType.ofRequired(901, 902, Types.StringType.get(), Types.LongType.get());
  }

  /** Column list with sequential ids; nested ids (900+) are reassigned by Iceberg on create. */
  private static final class Cols {
    private final List<Types.NestedField> fields = new ArrayList<>();

    void req(String name, Type type, String doc) {
      fields.add(Types.NestedField.required(fields.size() + 1, name, type, doc));
    }

    void opt(String name, Type type, String doc) {
      fields.add(Types.NestedField.optional(fields.size() + 1, name, type, doc));
    }

    Schema schema() {
      // Nested ids must be unique within the schema: renumber through Iceberg's own assignment.
      Schema raw = new Schema(fields);
      java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger(0);
      return org.apache.iceberg.types.TypeUtil.assignFreshIds(raw, next::incrementAndGet);
    }
  }

  static <T> Function<T, T> identity() {
    return t -> t;
  }
}
