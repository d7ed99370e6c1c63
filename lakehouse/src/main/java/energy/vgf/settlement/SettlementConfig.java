package energy.vgf.settlement;

import energy.vgf.lakehouse.catalog.CatalogConfigException;
import energy.vgf.settlement.baseline.BaselineMethod;
import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/**
 * Settlement configuration: per program the baseline method and rate, per contract which sites a fleet enrolls
 * and the fleet's share of the program payment, and the report schedule. Validated at load; errors name the key.
 *
 * <pre>
 * programs:
 *   - id: caiso-elrp
 *     baseline_method: CAISO_10_IN_10    # overrides the method carried by the event
 *     rate: PROGRAM                      # PROGRAM (payment_per_kwh) or LMP (node's real-time LMP / 1000)
 *     payment_per_kwh: 0.50              # used when the event carries none
 *     lmp_node: SLAP_PGAE-APND
 *     time_zone: America/Los_Angeles     # settlement days and holidays are local
 *     extra_holidays: [2026-07-03]
 * contracts:
 *   - fleet_id: fleet-a
 *     program_id: caiso-elrp
 *     site_ids: [site-1, site-2]
 *     fleet_share_pct: 70
 * report:
 *   schedule: "0 6 2 * *"                # cron: 06:00 on the 2nd of each month (program time zone)
 *   out_dir: target/reports
 * </pre>
 */
public record SettlementConfig(List<Program> programs, List<Contract> contracts, String reportSchedule,
                               String reportOutDir) implements Serializable {

  public enum Rate { PROGRAM, LMP }

  public record Program(String id, BaselineMethod baselineMethod, Rate rate, BigDecimal paymentPerKwh, String lmpNode,
                        ZoneId timeZone, List<LocalDate> extraHolidays) implements Serializable {
  }

  public record Contract(String fleetId, String programId, List<String> siteIds, BigDecimal fleetSharePct)
      implements Serializable {
  }

  public SettlementConfig {
    for (Contract c : contracts) {
      if (programs.stream().noneMatch(p -> p.id().equals(c.programId()))) {
        throw new CatalogConfigException("contracts[" + c.fleetId() + "].program_id", c.programId(),
            "one of the configured programs " + programs.stream().map(Program::id).toList());
      }
    }
  }

  public Program program(String id) {
    return programs.stream().filter(p -> p.id().equals(id)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no program " + id + " in the settlement configuration"));
  }

  /** The contract that enrolls {@code siteId} in {@code programId}, or null. */
  public Contract contractFor(String programId, String siteId) {
    for (Contract c : contracts) {
      if (c.programId().equals(programId) && c.siteIds().contains(siteId)) {
        return c;
      }
    }
    return null;
  }

  public static SettlementConfig load(Path file) throws IOException {
    try (Reader in = Files.newBufferedReader(file)) {
      Map<String, Object> root = new Yaml().load(in);
      return fromMap(root == null ? Map.of() : root);
    }
  }

  @SuppressWarnings("unchecked")
  public static SettlementConfig fromMap(Map<String, Object> root) {
    List<Program> programs = new ArrayList<>();
    int i = 0;
    for (Map<String, Object> p : (List<Map<String, Object>>) root.getOrDefault("programs", List.of())) {
      String key = "programs[" + i++ + "]";
      String id = req(p, key + ".id");
      BaselineMethod method;
      try {
        method = BaselineMethod.parse(String.valueOf(p.getOrDefault("baseline_method", "CAISO_10_IN_10")));
      } catch (IllegalArgumentException e) {
        throw new CatalogConfigException(key + ".baseline_method", p.get("baseline_method"),
            "CAISO_10_IN_10 or PJM_CBL_HIGH_4_OF_5");
      }
      Rate rate;
      try {
        rate = Rate.valueOf(String.valueOf(p.getOrDefault("rate", "PROGRAM")).toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new CatalogConfigException(key + ".rate", p.get("rate"), "PROGRAM or LMP");
      }
      BigDecimal pay = p.get("payment_per_kwh") == null ? null : new BigDecimal(String.valueOf(p.get("payment_per_kwh")));
      ZoneId zone;
      try {
        zone = ZoneId.of(String.valueOf(p.getOrDefault("time_zone", "America/Los_Angeles")));
      } catch (RuntimeException e) {
        throw new CatalogConfigException(key + ".time_zone", p.get("time_zone"), "an IANA zone id");
      }
      List<LocalDate> holidays = new ArrayList<>();
      for (Object d : (List<Object>) p.getOrDefault("extra_holidays", List.of())) {
        holidays.add(LocalDate.parse(String.valueOf(d)));
      }
      if (rate == Rate.LMP && p.get("lmp_node") == null) {
        throw new CatalogConfigException(key + ".lmp_node", null, "required when rate is LMP");
      }
      programs.add(new Program(id, method, rate, pay, (String) p.get("lmp_node"), zone, holidays));
    }
    List<Contract> contracts = new ArrayList<>();
    i = 0;
    for (Map<String, Object> c : (List<Map<String, Object>>) root.getOrDefault("contracts", List.of())) {
      String key = "contracts[" + i++ + "]";
      BigDecimal share = new BigDecimal(String.valueOf(c.getOrDefault("fleet_share_pct", "100")));
      if (share.signum() < 0 || share.compareTo(BigDecimal.valueOf(100)) > 0) {
        throw new CatalogConfigException(key + ".fleet_share_pct", share, "0..100");
      }
      contracts.add(new Contract(req(c, key + ".fleet_id"), req(c, key + ".program_id"),
          List.copyOf((List<String>) c.getOrDefault("site_ids", List.of())), share));
    }
    Map<String, Object> report = (Map<String, Object>) root.getOrDefault("report", new LinkedHashMap<>());
    return new SettlementConfig(programs, contracts, String.valueOf(report.getOrDefault("schedule", "0 6 2 * *")),
        String.valueOf(report.getOrDefault("out_dir", "target/reports")));
  }

  private static String req(Map<String, Object> m, String key) {
    Object v = m.get(key.substring(key.lastIndexOf('.') + 1));
    if (v == null) {
      throw new CatalogConfigException(key, null, "required");
    }
    return String.valueOf(v);
  }
}
