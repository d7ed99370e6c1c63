package energy.vgf.optimizer.instance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The JSON exchange format of instances (snake_case, arrays of length {@code horizon}), so that anyone can
 * check a plan with an independent solver. Reading reports the JSON path of every bad field.
 */
public final class InstanceJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private InstanceJson() {
  }

  public static Instance read(Path file) {
    try {
      return parse(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read instance " + file, e);
    }
  }

  public static Instance parse(String json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new InvalidInstanceException("$", "is not valid JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new InvalidInstanceException("$", "must be a JSON object");
    }
    int intervalMinutes = requiredInt(root, "interval_minutes", "interval_minutes");
    int horizon = requiredInt(root, "horizon", "horizon");
    if (horizon <= 0) {
      throw new InvalidInstanceException("horizon", horizon + " must be positive");
    }
    Instant start;
    JsonNode startNode = required(root, "start", "start");
    try {
      start = Instant.parse(startNode.asText());
    } catch (DateTimeParseException e) {
      throw new InvalidInstanceException("start", "'" + startNode.asText() + "' is not an ISO-8601 UTC instant");
    }
    JsonNode siteNode = requiredObject(root, "site", "site");
    double[] importLimit = series(siteNode, "import_limit_kw", "site.import_limit_kw", horizon, null);
    double exportLimit = optionalNumber(siteNode, "export_limit_kw", "site.export_limit_kw", 0.0);
    double[] baseLoad = series(siteNode, "base_load_kw", "site.base_load_kw", horizon, 0.0);
    double demandCharge = optionalNumber(siteNode, "demand_charge_per_kw", "site.demand_charge_per_kw", 0.0);
    double existingPeak = optionalNumber(siteNode, "existing_peak_kw", "site.existing_peak_kw", 0.0);
    JsonNode pricesNode = requiredObject(root, "prices", "prices");
    double[] importPrice = series(pricesNode, "import_per_kwh", "prices.import_per_kwh", horizon, null);
    double[] exportPrice = series(pricesNode, "export_per_kwh", "prices.export_per_kwh", horizon, null);
    double degradation = optionalNumber(root, "degradation_cost_per_kwh", "degradation_cost_per_kwh", 0.0);

    List<Charger> chargers = new ArrayList<>();
    JsonNode chargersNode = root.get("chargers");
    if (chargersNode != null && !chargersNode.isNull()) {
      if (!chargersNode.isArray()) {
        throw new InvalidInstanceException("chargers", "must be an array");
      }
      for (int i = 0; i < chargersNode.size(); i++) {
        JsonNode c = chargersNode.get(i);
        String id = requiredText(c, "id", "chargers[" + i + "].id");
        String at = "chargers[" + i + "] (" + id + ")";
        chargers.add(new Charger(id,
            requiredNumber(c, "max_kw", at + ".max_kw"),
            optionalNumber(c, "min_kw", at + ".min_kw", 0.0),
            optionalBoolean(c, "bidirectional", at + ".bidirectional", false),
            optionalNumber(c, "step_kw", at + ".step_kw", 0.0)));
      }
    }
    List<Vehicle> vehicles = new ArrayList<>();
    JsonNode vehiclesNode = required(root, "vehicles", "vehicles");
    if (!vehiclesNode.isArray()) {
      throw new InvalidInstanceException("vehicles", "must be an array");
    }
    for (int i = 0; i < vehiclesNode.size(); i++) {
      JsonNode v = vehiclesNode.get(i);
      if (!v.isObject()) {
        throw new InvalidInstanceException("vehicles[" + i + "]", "must be an object");
      }
      String id = requiredText(v, "id", "vehicles[" + i + "].id");
      String at = "vehicles[" + i + "] (" + id + ")";
      JsonNode charger = v.get("charger");
      vehicles.add(new Vehicle(id,
          requiredInt(v, "arrival", at + ".arrival"),
          requiredInt(v, "departure", at + ".departure"),
          requiredNumber(v, "energy_kwh", at + ".energy_kwh"),
          requiredNumber(v, "required_kwh", at + ".required_kwh"),
          requiredNumber(v, "capacity_kwh", at + ".capacity_kwh"),
          optionalNumber(v, "min_kwh", at + ".min_kwh", 0.0),
          requiredNumber(v, "max_charge_kw", at + ".max_charge_kw"),
          optionalNumber(v, "max_discharge_kw", at + ".max_discharge_kw", 0.0),
          optionalNumber(v, "efficiency", at + ".efficiency", 1.0),
          charger == null || charger.isNull() ? null : charger.asText(),
          taperStart(v, at)));
    }
    List<DemandResponseEvent> events = new ArrayList<>();
    JsonNode drNode = root.get("demand_response");
    if (drNode != null && !drNode.isNull()) {
      if (!drNode.isArray()) {
        throw new InvalidInstanceException("demand_response", "must be an array");
      }
      for (int i = 0; i < drNode.size(); i++) {
        JsonNode e = drNode.get(i);
        String at = "demand_response[" + i + "]";
        if (!e.isObject()) {
          throw new InvalidInstanceException(at, "must be an object");
        }
        int from = requiredInt(e, "start", at + ".start");
        int to = requiredInt(e, "end", at + ".end");
        if (from < 0 || to <= from || to > horizon) {
          throw new InvalidInstanceException(at + ".end", "[" + from + ", " + to + ") must be a non-empty interval range within [0, horizon " + horizon + "]");
        }
        events.add(new DemandResponseEvent(from, to, series(e, "baseline_kw", at + ".baseline_kw", to - from, null),
            requiredNumber(e, "payment_per_kwh", at + ".payment_per_kwh")));
      }
    }
    Regulation regulation = null;
    JsonNode regNode = root.get("regulation");
    if (regNode != null && !regNode.isNull()) {
      if (!regNode.isObject()) {
        throw new InvalidInstanceException("regulation", "must be an object");
      }
      regulation = new Regulation(series(regNode, "up_price_per_kw", "regulation.up_price_per_kw", horizon, 0.0),
          series(regNode, "down_price_per_kw", "regulation.down_price_per_kw", horizon, 0.0));
    }
    return new Instance(intervalMinutes, horizon, start,
        new Site(importLimit, exportLimit, baseLoad, demandCharge, existingPeak),
        new Prices(importPrice, exportPrice), degradation, chargers, vehicles, events, regulation);
  }

  public static void write(Instance instance, Path file) {
    try {
      Files.writeString(file, toJson(instance));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write instance " + file, e);
    }
  }

  public static String toJson(Instance in) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("interval_minutes", in.intervalMinutes());
    root.put("horizon", in.horizon());
    root.put("start", in.start().toString());
    ObjectNode site = root.putObject("site");
    putArray(site.putArray("import_limit_kw"), in.site().importLimitKw());
    site.put("export_limit_kw", in.site().exportLimitKw());
    putArray(site.putArray("base_load_kw"), in.site().baseLoadKw());
    site.put("demand_charge_per_kw", in.site().demandChargePerKw());
    site.put("existing_peak_kw", in.site().existingPeakKw());
    ObjectNode prices = root.putObject("prices");
    putArray(prices.putArray("import_per_kwh"), in.prices().importPerKwh());
    putArray(prices.putArray("export_per_kwh"), in.prices().exportPerKwh());
    root.put("degradation_cost_per_kwh", in.degradationCostPerKwh());
    ArrayNode chargers = root.putArray("chargers");
    for (Charger c : in.chargers()) {
      ObjectNode n = chargers.addObject();
      n.put("id", c.id());
      n.put("max_kw", c.maxKw());
      n.put("min_kw", c.minKw());
      n.put("bidirectional", c.bidirectional());
      if (c.stepKw() > 0) {
        n.put("step_kw", c.stepKw());
      }
    }
    ArrayNode vehicles = root.putArray("vehicles");
    for (Vehicle v : in.vehicles()) {
      ObjectNode n = vehicles.addObject();
      n.put("id", v.id());
      n.put("arrival", v.arrival());
      n.put("departure", v.departure());
      n.put("energy_kwh", v.energyKwh());
      n.put("required_kwh", v.requiredKwh());
      n.put("capacity_kwh", v.capacityKwh());
      n.put("min_kwh", v.minKwh());
      n.put("max_charge_kw", v.maxChargeKw());
      n.put("max_discharge_kw", v.maxDischargeKw());
      n.put("efficiency", v.efficiency());
      if (v.tapers()) {
        n.put("taper_start_soc_pct", v.taperStartSocPct());
      }
      if (v.chargerId() != null) {
        n.put("charger", v.chargerId());
      }
    }
    if (!in.demandResponse().isEmpty()) {
      ArrayNode events = root.putArray("demand_response");
      for (DemandResponseEvent e : in.demandResponse()) {
        ObjectNode n = events.addObject();
        n.put("start", e.startInterval());
        n.put("end", e.endInterval());
        putArray(n.putArray("baseline_kw"), e.baselineKw());
        n.put("payment_per_kwh", e.paymentPerKwh());
      }
    }
    if (in.regulation() != null) {
      ObjectNode reg = root.putObject("regulation");
      putArray(reg.putArray("up_price_per_kw"), in.regulation().upPricePerKw());
      putArray(reg.putArray("down_price_per_kw"), in.regulation().downPricePerKw());
    }
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise instance", e);
    }
  }

  private static void putArray(ArrayNode array, double[] values) {
    for (double v : values) {
      array.add(v);
    }
  }

  private static JsonNode required(JsonNode parent, String name, String path) {
    JsonNode n = parent.get(name);
    if (n == null || n.isNull()) {
      throw new InvalidInstanceException(path, "is missing");
    }
    return n;
  }

  private static JsonNode requiredObject(JsonNode parent, String name, String path) {
    JsonNode n = required(parent, name, path);
    if (!n.isObject()) {
      throw new InvalidInstanceException(path, "must be an object");
    }
    return n;
  }

  private static String requiredText(JsonNode parent, String name, String path) {
    JsonNode n = required(parent, name, path);
    if (!n.isTextual() && !n.isNumber()) {
      throw new InvalidInstanceException(path, "must be a string");
    }
    return n.asText();
  }

  private static int requiredInt(JsonNode parent, String name, String path) {
    JsonNode n = required(parent, name, path);
    if (!n.isIntegralNumber() || !n.canConvertToInt()) {
      throw new InvalidInstanceException(path, n + " must be an integer");
    }
    return n.intValue();
  }

  private static double requiredNumber(JsonNode parent, String name, String path) {
    JsonNode n = required(parent, name, path);
    if (!n.isNumber()) {
      throw new InvalidInstanceException(path, n + " must be a number");
    }
    return n.doubleValue();
  }

  private static double optionalNumber(JsonNode parent, String name, String path, double dflt) {
    JsonNode n = parent.get(name);
    return n == null || n.isNull() ? dflt : requiredNumber(parent, name, path);
  }

  private static double taperStart(JsonNode vehicle, String at) {
    return optionalNumber(vehicle, "taper_start_soc_pct", at + ".taper_start_soc_pct", 100.0);
  }

  private static boolean optionalBoolean(JsonNode parent, String name, String path, boolean dflt) {
    JsonNode n = parent.get(name);
    if (n == null || n.isNull()) {
      return dflt;
    }
    if (!n.isBoolean()) {
      throw new InvalidInstanceException(path, n + " must be true or false");
    }
    return n.booleanValue();
  }

  /** A per-interval series given as an array of length {@code horizon} or as one number for all intervals. */
  private static double[] series(JsonNode parent, String name, String path, int horizon, Double dflt) {
    JsonNode n = parent.get(name);
    if (n == null || n.isNull()) {
      if (dflt == null) {
        throw new InvalidInstanceException(path, "is missing");
      }
      double[] out = new double[horizon];
      Arrays.fill(out, dflt);
      return out;
    }
    if (n.isNumber()) {
      double[] out = new double[horizon];
      Arrays.fill(out, n.doubleValue());
      return out;
    }
    if (!n.isArray()) {
      throw new InvalidInstanceException(path, "must be a number or an array of " + horizon + " numbers");
    }
    if (n.size() != horizon) {
      String expected = path.endsWith("baseline_kw") ? "end - start = " : "horizon ";
      throw new InvalidInstanceException(path, "has length " + n.size() + ", expected " + expected + horizon);
    }
    double[] out = new double[horizon];
    for (int t = 0; t < horizon; t++) {
      if (!n.get(t).isNumber()) {
        throw new InvalidInstanceException(path + "[" + t + "]", n.get(t) + " must be a number");
      }
      out[t] = n.get(t).doubleValue();
    }
    return out;
  }
}
