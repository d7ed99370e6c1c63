package energy.vgf.optimizer.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The JSON form of a plan (snake_case), readable by any independent checker. */
public final class PlanJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private PlanJson() {
  }

  public static void write(Plan plan, Path file) {
    try {
      Files.writeString(file, toJson(plan));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write plan " + file, e);
    }
  }

  public static String toJson(Plan plan) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("status", plan.status().name());
    root.put("objective", plan.objective());
    ObjectNode cost = root.putObject("cost");
    cost.put("energy", plan.cost().energy());
    cost.put("import", plan.cost().importCost());
    cost.put("export_revenue", plan.cost().exportRevenue());
    cost.put("demand", plan.cost().demand());
    cost.put("degradation", plan.cost().degradation());
    cost.put("dr_revenue", plan.cost().drRevenue());
    cost.put("regulation_revenue", plan.cost().regulationRevenue());
    cost.put("churn_penalty", plan.cost().churnPenalty());
    root.put("peak_kw", plan.peakKw());
    put(root.putArray("net_load_kw"), plan.netLoadKw());
    put(root.putArray("regulation_up_kw"), plan.regulationUpKw());
    put(root.putArray("regulation_down_kw"), plan.regulationDownKw());
    ArrayNode vehicles = root.putArray("vehicles");
    for (VehiclePlan v : plan.vehicles()) {
      ObjectNode n = vehicles.addObject();
      n.put("id", v.id());
      put(n.putArray("power_kw"), v.powerKw());
      put(n.putArray("energy_kwh"), v.energyKwh());
      n.put("final_kwh", v.finalKwh());
      n.put("target_kwh", v.targetKwh());
      n.put("met", v.met());
      n.put("shortfall_kwh", v.shortfallKwh());
      n.put("physically_possible", v.physicallyPossible());
    }
    root.put("solve_ms", plan.solveMs());
    root.put("method", plan.method());
    ArrayNode violations = root.putArray("violations");
    plan.violations().forEach(violations::add);
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise plan", e);
    }
  }

  private static void put(ArrayNode array, double[] values) {
    for (double v : values) {
      // Round to 1 mW / 1 mWh: keeps files small without changing any figure that matters.
      array.add(Math.rint(v * 1e6) / 1e6);
    }
  }
}
