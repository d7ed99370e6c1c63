package energy.vgf.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import energy.vgf.lakehouse.LakehouseExtension;
import energy.vgf.lakehouse.SettledLake;
import energy.vgf.lakehouse.catalog.LakeCatalogConfig;
import energy.vgf.lakehouse.tables.LakeTables;
import energy.vgf.lakehouse.trino.TrinoServer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Settlement of July 2026 for 12 simulated sites through the REST catalog service: run twice (identical rows),
 * audit snapshot ids on every row, flags for missing/estimated intervals, and a real Trino returning the same
 * totals as the Flink job.
 */
@ExtendWith(LakehouseExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SettlementIT {

  static final LocalDate FROM = LocalDate.of(2026, 7, 1);
  static final LocalDate TO = LocalDate.of(2026, 8, 1);
  static SimulatedSettlementData data;
  static SettlementJob.Result first;
  static List<String> firstRows;
  static long meterSnapshot;

  @BeforeAll
  static void settleOnce() throws Exception {
    // shared with NotebooksIT and SavingsJobIT: the same lake, settled once per JVM
    SettledLake.State lake = SettledLake.get();
    data = lake.data();
    first = lake.dr();
    meterSnapshot = lake.meterSnapshot();
    firstRows = rows(LakehouseExtension.catalog().clientConfig());
  }

  @Test
  @Order(1)
  void settlesEveryEventIntervalOfEverySite() {
    // 4 event days x 2 programs, each program on 6 sites, 16 intervals (4 h) per event
    assertThat(first.events()).isEqualTo(8);
    assertThat(first.baselineRows()).isEqualTo(4L * 12);
    assertThat(first.performanceRows()).isEqualTo(4L * 12 * 16);
    assertThat(first.paymentRows()).isEqualTo(12);
    assertThat(first.statementRows()).isEqualTo(12 * 3);
    assertThat(first.programPaymentUsd()).isPositive();
  }

  @Test
  @Order(2)
  void creditsTheFleetItsContractShare() {
    assertThat(first.fleetCreditUsd()).isEqualByComparingTo(
        first.programPaymentUsd().multiply(new BigDecimal("0.70")).setScale(4, RoundingMode.HALF_EVEN));
  }

  @Test
  @Order(3)
  void flagsMissingAndEstimatedIntervalsWithoutFillingThem() throws Exception {
    assertThat(first.flaggedIntervals()).isPositive();
    assertThat(firstRows).anySatisfy(r -> assertThat(r).contains("|MISSING|false|"));
    assertThat(firstRows).filteredOn(r -> r.contains("|MISSING|")).allSatisfy(r -> assertThat(r).contains("|null|null|MISSING|"));
  }

  @Test
  @Order(4)
  void recordsTheInputSnapshotIdsOnEveryRow() {
    assertThat(first.inputSnapshots()).containsEntry("raw.site_meter_reading", meterSnapshot)
        .containsKey("raw.grid_constraint");
    assertThat(firstRows).allSatisfy(r -> assertThat(r).contains("raw.site_meter_reading=" + meterSnapshot));
  }

  @Test
  @Order(5)
  void producesIdenticalRowsWhenThePeriodIsSettledAgain() throws Exception {
    LakeCatalogConfig cfg = LakehouseExtension.catalog().clientConfig();
    SettlementJob.Result again = new SettlementJob(cfg, data.config()).run(FROM, TO, null);
    assertThat(rows(cfg)).containsExactlyElementsOf(firstRows);
    assertThat(again.programPaymentUsd()).isEqualByComparingTo(first.programPaymentUsd());
    assertThat(again.statementRows()).isEqualTo(first.statementRows());
    assertThat(again.performanceRows()).isEqualTo(first.performanceRows());
  }

  @Test
  @Order(6)
  void trinoReturnsTheSameTotalsAsFlink() throws Exception {
    TrinoServer trino = LakehouseExtension.trino();
    try (Connection c = DriverManager.getConnection(trino.jdbcUrl(), "analyst", null);
         Statement s = c.createStatement()) {
      ResultSet rs = s.executeQuery("SELECT sum(program_payment_usd), sum(fleet_credit_usd), count(*) "
          + "FROM settlement.payment WHERE period_start = DATE '2026-07-01' AND period_end = DATE '2026-08-01'");
      rs.next();
      assertThat(rs.getBigDecimal(1)).isEqualByComparingTo(first.programPaymentUsd());
      assertThat(rs.getBigDecimal(2)).isEqualByComparingTo(first.fleetCreditUsd());
      assertThat(rs.getLong(3)).isEqualTo(first.paymentRows());
      rs = s.executeQuery("SELECT sum(payment_usd), count(*), count_if(meter_quality <> 'VALID') "
          + "FROM settlement.dr_event_performance WHERE settlement_date >= DATE '2026-07-01' AND settlement_date < DATE '2026-08-01'");
      rs.next();
      assertThat(rs.getBigDecimal(1)).isEqualByComparingTo(first.programPaymentUsd());
      assertThat(rs.getLong(2)).isEqualTo(first.performanceRows());
      assertThat(rs.getLong(3)).isEqualTo(first.flaggedIntervals());
    }
  }

  @Test
  @Order(7)
  void trinoSqlBaselineMatchesFlinkForCaiso() throws Exception {
    TrinoServer trino = LakehouseExtension.trino();
    try (Connection c = DriverManager.getConnection(trino.jdbcUrl(), "analyst", null);
         Statement s = c.createStatement()) {
      ResultSet rs = s.executeQuery(energy.vgf.settlement.bench.TrinoBaselineSql.caisoUnadjustedTotal(
          "site_meter_reading", SimulatedSettlementData.CAISO_PROGRAM));
      rs.next();
      double trinoUnadjusted = rs.getDouble(1);
      double trinoAdjusted = rs.getDouble(2);
      rs = s.executeQuery("SELECT sum(unadjusted_baseline_kwh), sum(baseline_kwh) FROM settlement.dr_event_performance "
          + "WHERE program_id = '" + SimulatedSettlementData.CAISO_PROGRAM + "'");
      rs.next();
      assertThat(trinoUnadjusted).isPositive().isCloseTo(rs.getDouble(1), org.assertj.core.api.Assertions.within(1e-6));
      assertThat(trinoAdjusted).isCloseTo(rs.getDouble(2), org.assertj.core.api.Assertions.within(1e-6));
    }
  }

  static List<String> rows(LakeCatalogConfig cfg) throws Exception {
    List<String> out = new ArrayList<>();
    try (var catalog = (AutoCloseable & Catalog) cfg.open()) {
      for (var id : List.of(LakeTables.DR_EVENT_PERFORMANCE, LakeTables.DR_EVENT_BASELINE, LakeTables.PAYMENT,
          LakeTables.STATEMENT)) {
        Table t = catalog.loadTable(id);
        try (CloseableIterable<Record> rs = IcebergGenerics.read(t).build()) {
          for (Record r : rs) {
            StringBuilder sb = new StringBuilder(id.name());
            for (int i = 0; i < r.size(); i++) {
              Object v = r.get(i);
              sb.append('|').append(v instanceof java.util.Map<?, ?> m ? new java.util.TreeMap<>(m) : v);
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
