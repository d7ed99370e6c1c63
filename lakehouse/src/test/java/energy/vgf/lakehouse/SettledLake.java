package energy.vgf.lakehouse;

import energy.vgf.lakehouse.catalog.LakeCatalogConfig;
import energy.vgf.lakehouse.tables.LakeTables;
import energy.vgf.settlement.SettlementJob;
import energy.vgf.settlement.SimulatedSettlementData;
import energy.vgf.settlement.savings.SavingsFixture;
import energy.vgf.settlement.savings.SavingsJob;
import java.time.LocalDate;
import org.apache.iceberg.catalog.Catalog;

/**
 * The settled lake shared by the ITs of one JVM (with {@link LakehouseExtension}): July 2026 of 12 simulated DR
 * sites and the hand-computed savings depot are written first (all raw writes before any job, so every job sees
 * the same input snapshots), then DR settlement of July and savings of 2026-07-01 run once.
 */
public final class SettledLake {

  public static final LocalDate FROM = LocalDate.of(2026, 7, 1);
  public static final LocalDate TO = LocalDate.of(2026, 8, 1);

  /** What the first settlement produced. */
  public record State(SimulatedSettlementData data, SettlementJob.Result dr, long meterSnapshot, SavingsJob.Result savings) {
  }

  private static State state;

  private SettledLake() {
  }

  public static synchronized State get() throws Exception {
    if (state == null) {
      LakeCatalogConfig cfg = LakehouseExtension.catalog().clientConfig();
      SimulatedSettlementData data = new SimulatedSettlementData(12, FROM, TO, 7);
      long meterSnapshot;
      try (var catalog = (AutoCloseable & Catalog) cfg.open()) {
        data.write(catalog, f -> { });
      }
      SavingsFixture.ensureWritten(cfg);
      try (var catalog = (AutoCloseable & Catalog) cfg.open()) {
        meterSnapshot = catalog.loadTable(LakeTables.SITE_METER_READING).currentSnapshot().snapshotId();
      }
      SettlementJob.Result dr = new SettlementJob(cfg, data.config()).run(FROM, TO, null);
      SavingsJob.Result savings = new SavingsJob(cfg, SavingsFixture.TERMS).run(SavingsFixture.DAY, SavingsFixture.DAY.plusDays(1));
      state = new State(data, dr, meterSnapshot, savings);
    }
    return state;
  }
}
