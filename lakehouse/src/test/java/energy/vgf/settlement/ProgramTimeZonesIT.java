package energy.vgf.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import energy.vgf.lakehouse.catalog.LakeCatalogConfig;
import energy.vgf.lakehouse.catalog.RestCatalogService;
import energy.vgf.lakehouse.tables.LakeTables;
import energy.vgf.lakehouse.tables.LakeWriter;
import energy.vgf.settlement.baseline.BaselineMethod;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One site enrolled in a PJM program (New York, listed first) and a CAISO program (Los Angeles), settled for
 * local day 2026-07-21 (Tuesday). The CAISO event runs 20:00-22:00 Los Angeles = 23:00-01:00 New York: the
 * same instants fall on different local days in the two zones. Load is a flat 10 kWh per 15 minutes and 7 kWh
 * during both events, so both baselines are 10 kWh (CAISO ratio 1, PJM additive adjustment 0) and every event
 * interval reduces 3 kWh: CAISO 8 x 3 x 0.50 = 12.00 USD, PJM 8 x 3 x 0.40 = 9.60 USD.
 */
class ProgramTimeZonesIT {

  static final ZoneId NY = ZoneId.of("America/New_York");
  static final ZoneId LA = ZoneId.of("America/Los_Angeles");
  static final LocalDate DAY = LocalDate.of(2026, 7, 21);
  static final Instant PJM_START = DAY.atTime(16, 0).atZone(NY).toInstant();
  static final Instant CAISO_START = DAY.atTime(20, 0).atZone(LA).toInstant();

  @TempDir
  static Path dir;
  static RestCatalogService service;
  static SettlementJob.Result result;
  static List<Record> performance;
  static List<Record> statements;

  @BeforeAll
  static void settle() throws Exception {
    service = RestCatalogService.start(0, "file://" + dir.resolve("warehouse").toAbsolutePath(), dir.resolve("catalog.db"));
    LakeCatalogConfig cfg = service.clientConfig();
    try (var catalog = (AutoCloseable & Catalog) cfg.open()) {
      LakeTables.ensureAll(catalog);
      Table meters = catalog.loadTable(LakeTables.SITE_METER_READING);
      List<Record> rows = new ArrayList<>();
      for (Instant t = Instant.parse("2026-05-25T00:00:00Z"); t.isBefore(Instant.parse("2026-07-24T00:00:00Z"));
           t = t.plusSeconds(900)) {
        boolean shed = inside(t, PJM_START) || inside(t, CAISO_START);
        GenericRecord r = GenericRecord.create(meters.schema());
        r.setField("site_id", "site-both");
        r.setField("meter_id", "meter-both");
        r.setField("interval_start", LakeWriter.ts(t));
        r.setField("interval_end", LakeWriter.ts(t.plusSeconds(900)));
        r.setField("energy_import_kwh", shed ? 7.0 : 10.0);
        r.setField("energy_export_kwh", 0.0);
        r.setField("quality", "VALID");
        rows.add(r);
      }
      LakeWriter.append(meters, rows);
      Table events = catalog.loadTable(LakeTables.GRID_CONSTRAINT);
      LakeWriter.append(events, List.of(event(events, "pjm-tz", "PJM_CBL_HIGH_4_OF_5", PJM_START),
          event(events, "caiso-tz", "CAISO_10_IN_10", CAISO_START)));
    }
    SettlementConfig config = new SettlementConfig(List.of(
        new SettlementConfig.Program("pjm-tz", BaselineMethod.PJM_CBL_HIGH_4_OF_5, SettlementConfig.Rate.PROGRAM,
            new BigDecimal("0.40"), null, NY, List.of()),
        new SettlementConfig.Program("caiso-tz", BaselineMethod.CAISO_10_IN_10, SettlementConfig.Rate.PROGRAM,
            new BigDecimal("0.50"), null, LA, List.of())),
        List.of(new SettlementConfig.Contract("fleet-tz", "pjm-tz", List.of("site-both"), new BigDecimal("70")),
            new SettlementConfig.Contract("fleet-tz", "caiso-tz", List.of("site-both"), new BigDecimal("70"))),
        "0 6 2 * *", "target/reports");
    result = new SettlementJob(cfg, config).parallelism(1).run(DAY, DAY.plusDays(1), null);
    try (var catalog = (AutoCloseable & Catalog) cfg.open()) {
      performance = read(catalog.loadTable(LakeTables.DR_EVENT_PERFORMANCE));
      statements = read(catalog.loadTable(LakeTables.STATEMENT));
    }
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  static boolean inside(Instant t, Instant eventStart) {
    return !t.isBefore(eventStart) && t.isBefore(eventStart.plusSeconds(2 * 3600));
  }

  @Test
  void settlesEveryIntervalOfBothProgramsInTheirOwnZones() {
    assertThat(result.events()).isEqualTo(2);
    assertThat(performance).hasSize(16).allSatisfy(r -> {
      assertThat(r.getField("meter_quality")).isEqualTo("VALID");
      assertThat(r.getField("paid")).isEqualTo(true);
      assertThat((Double) r.getField("baseline_kwh")).isEqualTo(10.0);
      assertThat((Double) r.getField("reduction_kwh")).isEqualTo(3.0);
      assertThat(r.getField("settlement_date")).isEqualTo(DAY);
    });
    assertThat(result.flaggedIntervals()).isZero();
  }

  @Test
  void paysEachProgramAtItsRate() {
    assertThat(result.programPaymentUsd()).isEqualByComparingTo("21.60");
    assertThat(result.fleetCreditUsd()).isEqualByComparingTo("15.12");
  }

  @Test
  void stampsEachProgramsStatementWithItsOwnLocalMidnights() {
    assertThat(statements).hasSize(6).allSatisfy(r -> {
      ZoneId zone = "pjm-tz".equals(r.getField("program_id")) ? NY : LA;
      assertThat(((java.time.OffsetDateTime) r.getField("period_start")).toInstant()).isEqualTo(DAY.atStartOfDay(zone).toInstant());
      assertThat(((java.time.OffsetDateTime) r.getField("period_end")).toInstant())
          .isEqualTo(DAY.plusDays(1).atStartOfDay(zone).toInstant());
    });
  }

  @Test
  void reSettlingOneProgramLeavesTheOtherProgramsRows() throws Exception {
    SettlementConfig config = new SettlementConfig(List.of(
        new SettlementConfig.Program("pjm-tz", BaselineMethod.PJM_CBL_HIGH_4_OF_5, SettlementConfig.Rate.PROGRAM,
            new BigDecimal("0.40"), null, NY, List.of()),
        new SettlementConfig.Program("caiso-tz", BaselineMethod.CAISO_10_IN_10, SettlementConfig.Rate.PROGRAM,
            new BigDecimal("0.50"), null, LA, List.of())),
        List.of(new SettlementConfig.Contract("fleet-tz", "pjm-tz", List.of("site-both"), new BigDecimal("70")),
            new SettlementConfig.Contract("fleet-tz", "caiso-tz", List.of("site-both"), new BigDecimal("70"))),
        "0 6 2 * *", "target/reports");
    SettlementJob.Result caiso = new SettlementJob(service.clientConfig(), config).parallelism(1)
        .run(DAY, DAY.plusDays(1), "caiso-tz");
    assertThat(caiso.programPaymentUsd()).isEqualByComparingTo("12.00");
    try (var catalog = (AutoCloseable & Catalog) service.clientConfig().open()) {
      assertThat(read(catalog.loadTable(LakeTables.DR_EVENT_PERFORMANCE))).hasSize(16);
      assertThat(read(catalog.loadTable(LakeTables.STATEMENT))).hasSize(6);
    }
  }

  private static Record event(Table t, String program, String method, Instant start) {
    GenericRecord r = GenericRecord.create(t.schema());
    r.setField("constraint_id", program + "-" + DAY);
    r.setField("kind", "DEMAND_RESPONSE_EVENT");
    r.setField("scope_id", program);
    r.setField("site_ids", List.of("site-both"));
    r.setField("valid_from", LakeWriter.ts(start));
    r.setField("valid_to", LakeWriter.ts(start.plusSeconds(2 * 3600)));
    r.setField("program_id", program);
    r.setField("baseline_method", method);
    r.setField("source", "test");
    r.setField("issued_at", LakeWriter.ts(start.minusSeconds(86400)));
    return r;
  }

  private static List<Record> read(Table t) throws Exception {
    List<Record> out = new ArrayList<>();
    try (CloseableIterable<Record> rs = IcebergGenerics.read(t).build()) {
      rs.forEach(r -> out.add(r.copy()));
    }
    return out;
  }
}
