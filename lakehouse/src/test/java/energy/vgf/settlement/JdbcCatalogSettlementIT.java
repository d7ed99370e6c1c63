package energy.vgf.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import energy.vgf.lakehouse.PostgresExtension;
import energy.vgf.lakehouse.catalog.LakeCatalogConfig;
import energy.vgf.lakehouse.tables.LakeTables;
import java.nio.file.Path;
import java.time.LocalDate;
import org.apache.iceberg.catalog.Catalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The production-like setup: Iceberg's JdbcCatalog on a real PostgreSQL 15, settled twice with equal results. */
@ExtendWith(PostgresExtension.class)
class JdbcCatalogSettlementIT {

  @TempDir
  Path dir;

  @Test
  void settlesThroughJdbcCatalogOnPostgresIdempotently() throws Exception {
    LakeCatalogConfig cfg = LakeCatalogConfig.jdbc(PostgresExtension.jdbcUrl(),
        "file://" + dir.resolve("warehouse").toAbsolutePath(), null, null);
    SimulatedSettlementData data = new SimulatedSettlementData(4, LocalDate.of(2026, 7, 1), LocalDate.of(2026, 8, 1), 3);
    try (var catalog = (AutoCloseable & Catalog) cfg.open()) {
      data.write(catalog, f -> { });
      assertThat(catalog.listTables(LakeTables.SETTLEMENT)).hasSize(5);
    }
    LocalDate from = LocalDate.of(2026, 7, 1);
    LocalDate to = LocalDate.of(2026, 8, 1);
    SettlementJob.Result a = new SettlementJob(cfg, data.config()).parallelism(1).run(from, to, null);
    SettlementJob.Result b = new SettlementJob(cfg, data.config()).parallelism(1).run(from, to, null);
    assertThat(a.performanceRows()).isEqualTo(4L * 4 * 16);
    assertThat(a.programPaymentUsd()).isPositive().isEqualByComparingTo(b.programPaymentUsd());
    assertThat(b.performanceRows()).isEqualTo(a.performanceRows());
    assertThat(b.statementRows()).isEqualTo(a.statementRows());
  }
}
