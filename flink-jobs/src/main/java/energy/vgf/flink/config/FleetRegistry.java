package energy.vgf.flink.config;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the streams do not carry: each vehicle's battery, each charger's power and each site's grid
 * connection. The streams say which vehicle is at which site on which charger (telemetry depot_id,
 * charger records' site_id and vehicle_id); this registry says what those things can do. Every entry
 * has a default, overridable per id in the job configuration:
 *
 * <pre>
 * fleet.vehicle.default.capacity.kwh=200        fleet.vehicle.bus-17.capacity.kwh=440
 * fleet.charger.default.max.kw=60               fleet.charger.cp-3.bidirectional=true
 * fleet.site.default.import.limit.kw=500        fleet.site.depot-a.feeder=feeder-12
 * </pre>
 *
 * A later issue (fleet master data) can feed the same records from a compacted topic.
 */
public final class FleetRegistry implements Serializable {
  private static final long serialVersionUID = 1L;

  /**
   * Battery and on-board charger of one vehicle.
   *
   * @param taperStartSocPct above this state of charge the battery accepts less than full power, falling
   *                         linearly to zero at 100 % (constant-current / constant-voltage); 100 = no taper
   */
  public record VehicleSpec(double capacityKwh, double maxChargeKw, double maxDischargeKw, double efficiency,
                            double minSocPct, double taperStartSocPct) implements Serializable {
  }

  /** One charge point. {@code minKw}: OCPP chargers cannot go below about 6 A per phase. */
  public record ChargerSpec(double maxKw, double minKw, boolean bidirectional) implements Serializable {
  }

  /**
   * A depot's grid connection.
   *
   * @param priceNode        the MarketPrice key ({@code iso:node}) whose prices this site pays
   * @param weatherLocation  the WeatherForecast location_id of the site (default: the site id)
   * @param importPricePerKwh used for intervals without a market price (tariff energy rate)
   */
  public record SiteSpec(double importLimitKw, double exportLimitKw, double baseLoadKw, double demandChargePerKw,
                         String feederId, String priceNode, String weatherLocation, double importPricePerKwh,
                         double exportPricePerKwh, List<Double> baseLoadByUtcHourKw) implements Serializable {
    public SiteSpec {
      baseLoadByUtcHourKw = baseLoadByUtcHourKw == null ? List.of() : List.copyOf(baseLoadByUtcHourKw);
    }

    /**
     * The base load (building, not chargers) expected at {@code epochMs}: from the hourly profile when the site has
     * one (a workshop's day shift draws more than the night's lighting), else {@code baseLoadKw}.
     */
    public double baseLoadKwAt(long epochMs) {
      if (baseLoadByUtcHourKw.isEmpty()) {
        return baseLoadKw;
      }
      return baseLoadByUtcHourKw.get((int) Math.floorMod(Math.floorDiv(epochMs, 3_600_000L), 24L));
    }
  }

  static final String VEHICLE = "fleet.vehicle.";
  static final String CHARGER = "fleet.charger.";
  static final String SITE = "fleet.site.";
  static final String DEFAULT = "default";

  private final VehicleSpec defaultVehicle;
  private final ChargerSpec defaultCharger;
  private final SiteSpec defaultSite;
  private final HashMap<String, VehicleSpec> vehicles;
  private final HashMap<String, ChargerSpec> chargers;
  private final HashMap<String, SiteSpec> sites;

  private FleetRegistry(VehicleSpec defaultVehicle, ChargerSpec defaultCharger, SiteSpec defaultSite,
                        Map<String, VehicleSpec> vehicles, Map<String, ChargerSpec> chargers, Map<String, SiteSpec> sites) {
    this.defaultVehicle = defaultVehicle;
    this.defaultCharger = defaultCharger;
    this.defaultSite = defaultSite;
    this.vehicles = new HashMap<>(vehicles);
    this.chargers = new HashMap<>(chargers);
    this.sites = new HashMap<>(sites);
  }

  public VehicleSpec vehicle(String vehicleId) {
    return vehicles.getOrDefault(vehicleId, defaultVehicle);
  }

  public ChargerSpec charger(String chargerId) {
    return chargers.getOrDefault(chargerId, defaultCharger);
  }

  public SiteSpec site(String siteId) {
    SiteSpec s = sites.get(siteId);
    if (s != null) {
      return s;
    }
    return new SiteSpec(defaultSite.importLimitKw(), defaultSite.exportLimitKw(), defaultSite.baseLoadKw(),
        defaultSite.demandChargePerKw(), defaultSite.feederId(), defaultSite.priceNode(), siteId,
        defaultSite.importPricePerKwh(), defaultSite.exportPricePerKwh(), defaultSite.baseLoadByUtcHourKw());
  }

  /** Reads every {@code fleet.*} key; unknown fields and bad numbers raise {@link ConfigException}. */
  static FleetRegistry from(Map<String, String> raw) {
    Map<String, Map<String, String>> vehicleKeys = group(raw, VEHICLE, VEHICLE_FIELDS);
    Map<String, Map<String, String>> chargerKeys = group(raw, CHARGER, CHARGER_FIELDS);
    Map<String, Map<String, String>> siteKeys = group(raw, SITE, SITE_FIELDS);

    VehicleSpec dv = vehicle(VEHICLE + DEFAULT + ".", vehicleKeys.getOrDefault(DEFAULT, Map.of()),
        new VehicleSpec(200, 150, 0, 0.92, 10, 80));
    ChargerSpec dc = charger(CHARGER + DEFAULT + ".", chargerKeys.getOrDefault(DEFAULT, Map.of()),
        new ChargerSpec(60, 0, false));
    SiteSpec ds = site(SITE + DEFAULT + ".", siteKeys.getOrDefault(DEFAULT, Map.of()),
        new SiteSpec(1000, 0, 0, 0, null, null, null, 0.15, 0.0, List.of()));
    Map<String, VehicleSpec> vs = new HashMap<>();
    vehicleKeys.forEach((id, m) -> {
      if (!id.equals(DEFAULT)) {
        vs.put(id, vehicle(VEHICLE + id + ".", m, dv));
      }
    });
    Map<String, ChargerSpec> cs = new HashMap<>();
    chargerKeys.forEach((id, m) -> {
      if (!id.equals(DEFAULT)) {
        cs.put(id, charger(CHARGER + id + ".", m, dc));
      }
    });
    Map<String, SiteSpec> ss = new HashMap<>();
    siteKeys.forEach((id, m) -> {
      if (!id.equals(DEFAULT)) {
        SiteSpec s = site(SITE + id + ".", m, ds);
        ss.put(id, new SiteSpec(s.importLimitKw(), s.exportLimitKw(), s.baseLoadKw(), s.demandChargePerKw(),
            s.feederId(), s.priceNode(), m.getOrDefault("weather.location", id), s.importPricePerKwh(),
            s.exportPricePerKwh(), s.baseLoadByUtcHourKw()));
      }
    });
    return new FleetRegistry(dv, dc, ds, vs, cs, ss);
  }

  private static final String[] VEHICLE_FIELDS = {"capacity.kwh", "max.charge.kw", "max.discharge.kw", "efficiency", "min.soc.pct",
      "taper.start.soc.pct"};
  private static final String[] CHARGER_FIELDS = {"max.kw", "min.kw", "bidirectional"};
  private static final String[] SITE_FIELDS = {"import.limit.kw", "export.limit.kw", "base.load.kw", "base.load.utc.hours.kw",
      "demand.charge.per.kw", "feeder", "price.node", "weather.location", "import.price.per.kwh", "export.price.per.kwh"};

  /** Splits {@code prefix<id>.<field>} keys by id; ids may contain dots, fields are matched from the end. */
  private static Map<String, Map<String, String>> group(Map<String, String> raw, String prefix, String[] fields) {
    Map<String, Map<String, String>> out = new HashMap<>();
    for (Map.Entry<String, String> e : raw.entrySet()) {
      if (!e.getKey().startsWith(prefix)) {
        continue;
      }
      String rest = e.getKey().substring(prefix.length());
      String field = null;
      for (String f : fields) {
        if (rest.endsWith("." + f) && (field == null || f.length() > field.length())) {
          field = f;
        }
      }
      if (field == null || rest.length() == field.length() + 1) {
        throw new ConfigException(e.getKey(), e.getValue(),
            "expected " + prefix + "<id|default>.<field> with field one of " + String.join(", ", fields));
      }
      String id = rest.substring(0, rest.length() - field.length() - 1);
      out.computeIfAbsent(id, k -> new HashMap<>()).put(field, e.getValue());
    }
    return out;
  }

  private static VehicleSpec vehicle(String at, Map<String, String> m, VehicleSpec d) {
    double capacity = positive(at + "capacity.kwh", m.get("capacity.kwh"), d.capacityKwh());
    double maxCharge = nonNegative(at + "max.charge.kw", m.get("max.charge.kw"), d.maxChargeKw());
    double maxDischarge = nonNegative(at + "max.discharge.kw", m.get("max.discharge.kw"), d.maxDischargeKw());
    double eff = number(at + "efficiency", m.get("efficiency"), d.efficiency());
    if (!(eff > 0 && eff <= 1)) {
      throw new ConfigException(at + "efficiency", String.valueOf(eff), "must be within (0, 1]");
    }
    double minSoc = percent(at + "min.soc.pct", m.get("min.soc.pct"), d.minSocPct());
    double taperStart = percent(at + "taper.start.soc.pct", m.get("taper.start.soc.pct"), d.taperStartSocPct());
    if (taperStart == 0) {
      throw new ConfigException(at + "taper.start.soc.pct", "0", "must be within (0, 100] (100 = no taper)");
    }
    return new VehicleSpec(capacity, maxCharge, maxDischarge, eff, minSoc, taperStart);
  }

  private static ChargerSpec charger(String at, Map<String, String> m, ChargerSpec d) {
    double max = positive(at + "max.kw", m.get("max.kw"), d.maxKw());
    double min = nonNegative(at + "min.kw", m.get("min.kw"), d.minKw());
    if (min > max) {
      throw new ConfigException(at + "min.kw", String.valueOf(min), "must not exceed max.kw " + max);
    }
    return new ChargerSpec(max, min, bool(at + "bidirectional", m.get("bidirectional"), d.bidirectional()));
  }

  private static SiteSpec site(String at, Map<String, String> m, SiteSpec d) {
    double importLimit = positive(at + "import.limit.kw", m.get("import.limit.kw"), d.importLimitKw());
    double baseLoad = nonNegative(at + "base.load.kw", m.get("base.load.kw"), d.baseLoadKw());
    if (baseLoad > importLimit) {
      throw new ConfigException(at + "base.load.kw", String.valueOf(baseLoad),
          "must not exceed import.limit.kw " + importLimit + " (no plan could respect the limit)");
    }
    List<Double> byHour = hourly(at + "base.load.utc.hours.kw", m.get("base.load.utc.hours.kw"), d.baseLoadByUtcHourKw());
    for (double kw : byHour) {
      if (kw > importLimit) {
        throw new ConfigException(at + "base.load.utc.hours.kw", String.valueOf(kw),
            "must not exceed import.limit.kw " + importLimit + " in any hour (no plan could respect the limit)");
      }
    }
    double importPrice = number(at + "import.price.per.kwh", m.get("import.price.per.kwh"), d.importPricePerKwh());
    double exportPrice = number(at + "export.price.per.kwh", m.get("export.price.per.kwh"), d.exportPricePerKwh());
    if (exportPrice > importPrice) {
      throw new ConfigException(at + "export.price.per.kwh", String.valueOf(exportPrice),
          "must not exceed import.price.per.kwh " + importPrice);
    }
    return new SiteSpec(importLimit,
        nonNegative(at + "export.limit.kw", m.get("export.limit.kw"), d.exportLimitKw()),
        baseLoad,
        nonNegative(at + "demand.charge.per.kw", m.get("demand.charge.per.kw"), d.demandChargePerKw()),
        m.getOrDefault("feeder", d.feederId()),
        m.getOrDefault("price.node", d.priceNode()),
        m.getOrDefault("weather.location", d.weatherLocation()),
        importPrice, exportPrice, byHour);
  }

  /** 24 comma-separated values >= 0, one per UTC hour of the day from 00:00; empty: none. */
  private static List<Double> hourly(String key, String value, List<Double> dflt) {
    if (value == null) {
      return dflt;
    }
    if (value.isBlank()) {
      return List.of();
    }
    String[] parts = value.split(",");
    if (parts.length != 24) {
      throw new ConfigException(key, value, "must be 24 comma-separated kW values, one per UTC hour from 00:00 (got "
          + parts.length + ")");
    }
    List<Double> out = new ArrayList<>(24);
    for (String part : parts) {
      out.add(nonNegative(key, part, 0));
    }
    return out;
  }

  static double number(String key, String value, double dflt) {
    if (value == null) {
      return dflt;
    }
    try {
      double v = Double.parseDouble(value.trim());
      if (!Double.isFinite(v)) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new ConfigException(key, value, "must be a finite decimal number");
    }
  }

  private static double positive(String key, String value, double dflt) {
    double v = number(key, value, dflt);
    if (!(v > 0)) {
      throw new ConfigException(key, value, "must be a number > 0");
    }
    return v;
  }

  private static double nonNegative(String key, String value, double dflt) {
    double v = number(key, value, dflt);
    if (!(v >= 0)) {
      throw new ConfigException(key, value, "must be a number >= 0");
    }
    return v;
  }

  private static double percent(String key, String value, double dflt) {
    double v = number(key, value, dflt);
    if (!(v >= 0 && v <= 100)) {
      throw new ConfigException(key, value, "must be a percentage within [0, 100]");
    }
    return v;
  }

  static boolean bool(String key, String value, boolean dflt) {
    if (value == null) {
      return dflt;
    }
    return switch (value.trim().toLowerCase()) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new ConfigException(key, value, "must be true or false");
    };
  }
}
