package energy.vgf.settlement.savings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import energy.vgf.lakehouse.LakehouseExtension;
import energy.vgf.lakehouse.catalog.LakeCatalogConfig;
import energy.vgf.lakehouse.tables.LakeTables;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The savings job on {@link SavingsFixture}: every figure below is worked out by hand in the fixture's doc. */
@ExtendWith(LakehouseExtension.class)
class SavingsJobIT {

  static SavingsJob.Result first;
  static List<String> firstRows;

  @BeforeAll
  static void settleOnce() throws Exception {
    // the JVM's shared lake: every raw write happens before any job, and the savings of the fixture day run once
    first = energy.vgf.lakehouse.SettledLake.get().savings();
    firstRows = rows(LakehouseExtension.catalog().clientConfig());
  }

  @Test
  void pricesManagedAndUncontrolledEnergyAtTheRealTimeLmp() {
    assertThat(first.siteDays()).isEqualTo(1);
    assertThat(first.actualEnergyCostUsd()).isEqualByComparingTo("2.03");
    assertThat(first.counterfactualEnergyCostUsd()).isEqualByComparingTo("3.55");
  }

  @Test
  void chargesDemandOnTheMonthsPeakOfEachLoad() {
    assertThat(first.actualDemandCostUsd()).isEqualByComparingTo("80.00");
    assertThat(first.counterfactualDemandCostUsd()).isEqualByComparingTo("110.00");
    assertThat(first.costSavingsUsd()).isEqualByComparingTo(new BigDecimal("31.52"));
  }

  @Test
  void creditsV2gExportAtLmpAndChargesItsDegradation() {
    assertThat(first.v2gRevenueUsd()).isEqualByComparingTo("0.10");
    assertThat(first.degradationCostUsd()).isEqualByComparingTo("0.10");
  }

  @Test
  void countsCarbonAvoidedFromShiftedEnergyAtTheMarginalRate() {
    assertThat(first.carbonAvoidedKg()).isCloseTo(4.3, within(1e-9));
  }

  @Test
  void writesTheSiteDayWithPeaksEnergyAndAuditTrail() {
    assertThat(firstRows).filteredOn(r -> r.startsWith("site_day_savings|")).singleElement().satisfies(r -> assertThat(r)
        .startsWith("site_day_savings|depot-a|fleet-a|2026-07-01|29.0|27.0|8.0|11.0|")
        .contains("|0|0|{curated.marginal_emissions=", "raw.charger_meter_value="));
  }

  @Test
  void fillsTheCuratedSiteSeriesManagedVsCounterfactualVsLimit() {
    List<String> load = firstRows.stream().filter(r -> r.startsWith("site_load_15min|")).toList();
    assertThat(load).hasSize(22);
    assertThat(load).contains(
        "site_load_15min|depot-a|feeder-1|2026-07-01T17:00Z|10.0|0.0|1.0|0.0|2.75|20.0|VALID",
        "site_load_15min|depot-a|feeder-1|2026-07-01T17:15Z|10.0|0.0|1.0|0.0|2.75|20.0|ESTIMATED",
        // a MISSING reading stays null, never filled
        "site_load_15min|depot-a|feeder-1|2026-07-01T17:30Z|null|null|1.0|0.0|2.75|20.0|MISSING",
        "site_load_15min|depot-a|feeder-1|2026-07-01T19:00Z|null|null|1.0|1.0|2.75|20.0|MISSING");
  }

  @Test
  void fillsChargerSeriesSessionsAndVehicleSoc() {
    assertThat(firstRows).filteredOn(r -> r.startsWith("charger_load_15min|")).hasSize(31)
        .contains("charger_load_15min|c2|depot-a|2026-07-01T19:00Z|0.0|1.0|-4.0");
    assertThat(firstRows).filteredOn(r -> r.startsWith("session|")).containsExactly(
        "session|s1|c1|depot-a|fleet-a|v1|2026-07-01T17:00Z|2026-07-01T23:00Z|2026-07-01T23:30Z|22.0|0.0|80.0|85.0|true",
        "session|s2|c2|depot-a|fleet-a|v2|2026-07-01T19:00Z|2026-07-01T22:00Z|2026-07-01T22:30Z|5.0|2.0|90.0|70.0|false");
    assertThat(firstRows).filteredOn(r -> r.startsWith("vehicle_soc_15min|")).containsExactly(
        "vehicle_soc_15min|v1|fleet-a|depot-a|2026-07-01T17:00Z|32.0|CHARGING",
        "vehicle_soc_15min|v1|fleet-a|depot-a|2026-07-01T17:15Z|35.0|CHARGING");
  }

  @Test
  void comparesTheLatestPlanCoveringEachIntervalWithTheMeters() {
    String site = "dispatch_plan_vs_actual|depot-a|null|2026-07-01T";
    assertThat(firstRows).filteredOn(r -> r.startsWith("dispatch_plan_vs_actual|depot-a|null|")).containsExactly(
        site + "17:00Z|p1|2026-07-01T16:59Z|2026-07-01T17:00Z|30.0|40.0|10.0|33.333333|6.0|4.0|-2.0|VALID",
        // the re-plan p2 overrides p1 where it covers the interval...
        site + "17:15Z|p2|2026-07-01T17:14Z|2026-07-01T17:15Z|38.0|40.0|2.0|5.263158|4.0|4.0|0.0|ESTIMATED",
        site + "17:30Z|p2|2026-07-01T17:14Z|2026-07-01T17:15Z|42.0|null|null|null|2.0|4.0|2.0|MISSING",
        // ... and p1 is in force again after p2's horizon; no reading: metered stays null
        site + "17:45Z|p1|2026-07-01T16:59Z|2026-07-01T17:00Z|40.0|null|null|null|4.0|4.0|0.0|MISSING",
        // p3's 30-minute intervals cover two quarter hours each; V2G export nets against charging
        site + "19:00Z|p3|2026-07-01T18:59Z|2026-07-01T19:00Z|20.0|null|null|null|0.0|0.0|0.0|MISSING",
        site + "19:15Z|p3|2026-07-01T18:59Z|2026-07-01T19:00Z|20.0|null|null|null|0.0|0.0|0.0|MISSING",
        site + "19:30Z|p3|2026-07-01T18:59Z|2026-07-01T19:00Z|24.0|null|null|null|8.0|8.0|0.0|MISSING",
        site + "19:45Z|p3|2026-07-01T18:59Z|2026-07-01T19:00Z|24.0|null|null|null|8.0|8.0|0.0|MISSING");
  }

  @Test
  void comparesEachChargersPlannedPowerWithItsMeter() {
    assertThat(firstRows).filteredOn(r -> r.startsWith("dispatch_plan_vs_actual|depot-a|c")).hasSize(12).contains(
        "dispatch_plan_vs_actual|depot-a|c1|2026-07-01T17:00Z|p1|2026-07-01T16:59Z|2026-07-01T17:00Z|5.0|4.0|-1.0|-20.0|null|null|null|VALID",
        "dispatch_plan_vs_actual|depot-a|c1|2026-07-01T17:15Z|p2|2026-07-01T17:14Z|2026-07-01T17:15Z|4.0|4.0|0.0|0.0|null|null|null|VALID",
        "dispatch_plan_vs_actual|depot-a|c1|2026-07-01T17:30Z|p2|2026-07-01T17:14Z|2026-07-01T17:15Z|2.0|4.0|2.0|100.0|null|null|null|VALID",
        "dispatch_plan_vs_actual|depot-a|c1|2026-07-01T17:45Z|p1|2026-07-01T16:59Z|2026-07-01T17:00Z|3.0|4.0|1.0|33.333333|null|null|null|VALID",
        "dispatch_plan_vs_actual|depot-a|c2|2026-07-01T19:00Z|p3|2026-07-01T18:59Z|2026-07-01T19:00Z|-4.0|-4.0|0.0|0.0|null|null|null|VALID",
        "dispatch_plan_vs_actual|depot-a|c2|2026-07-01T19:45Z|p3|2026-07-01T18:59Z|2026-07-01T19:00Z|4.0|4.0|0.0|0.0|null|null|null|VALID");
  }

  @Test
  void producesIdenticalRowsWhenThePeriodIsRunAgain() throws Exception {
    LakeCatalogConfig cfg = LakehouseExtension.catalog().clientConfig();
    SavingsJob.Result again = new SavingsJob(cfg, SavingsFixture.TERMS).parallelism(2)
        .run(SavingsFixture.DAY, SavingsFixture.DAY.plusDays(1));
    assertThat(rows(cfg)).containsExactlyElementsOf(firstRows);
    assertThat(again.costSavingsUsd()).isEqualByComparingTo(first.costSavingsUsd());
  }

  static List<String> rows(LakeCatalogConfig cfg) throws Exception {
    List<String> out = new ArrayList<>();
    try (var catalog = (AutoCloseable & Catalog) cfg.open()) {
      for (TableIdentifier id : List.of(LakeTables.SITE_DAY_SAVINGS, LakeTables.SITE_LOAD_15MIN, LakeTables.CHARGER_LOAD_15MIN,
          LakeTables.SESSION, LakeTables.VEHICLE_SOC_15MIN, LakeTables.DISPATCH_PLAN_VS_ACTUAL)) {
        try (CloseableIterable<Record> rs = IcebergGenerics.read(catalog.loadTable(id)).build()) {
          for (Record r : rs) {
            StringBuilder sb = new StringBuilder(id.name());
            for (int i = 0; i < r.size(); i++) {
              Object v = r.get(i);
              sb.append('|').append(v instanceof Map<?, ?> m ? new TreeMap<>(m)
                  : v instanceof BigDecimal b ? b.toPlainString() : v);
            }
            out.add(sb.toString());
          }
        }
      }
    }
    out.sort(null);
    return out;
  }
}
