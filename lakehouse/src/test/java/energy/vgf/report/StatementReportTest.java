package energy.vgf.report;

import static org.assertj.core.api.Assertions.assertThat;

import energy.vgf.lakehouse.tables.LakeTables;
import energy.vgf.lakehouse.tables.LakeWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.catalog.Catalog;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fleet-a's July 2026 statement from a handful of settlement rows (fleet-b's row must not appear). */
class StatementReportTest {

  static final LocalDate FROM = LocalDate.of(2026, 7, 1);
  static final LocalDate TO = LocalDate.of(2026, 8, 1);
  static final Map<String, Long> SNAPS = Map.of("raw.site_meter_reading", 42L);

  @TempDir
  static Path dir;
  static StatementReport.Outputs out;
  static String html;

  @BeforeAll
  static void writeStatement() throws Exception {
    // A private JdbcCatalog on SQLite: what the REST service keeps behind its HTTP API, without the service.
    Catalog catalog = CatalogUtil.buildIcebergCatalog("report", Map.of(
        "catalog-impl", "org.apache.iceberg.jdbc.JdbcCatalog", "uri", "jdbc:sqlite:" + dir.resolve("catalog.db"),
        "warehouse", "file://" + dir.resolve("wh"), "jdbc.schema-version", "V1"), new org.apache.hadoop.conf.Configuration());
    LakeTables.ensureAll(catalog);
    append(catalog, LakeTables.SITE, Map.of("site_id", "site-1", "fleet_id", "fleet-a", "time_zone", "America/Los_Angeles",
        "feeder_id", "feeder-1"));
    append(catalog, LakeTables.PAYMENT,
        payment("caiso-elrp", "fleet-a", "site-1", "12.0000", "8.4000", 24.0, 1),
        payment("pjm-elr", "fleet-a", "site-1", "9.6000", "6.7200", 24.0, 0),
        payment("pjm-elr", "fleet-b", "site-9", "100.0000", "70.0000", 250.0, 0));
    append(catalog, LakeTables.DR_EVENT_PERFORMANCE, interval("2026-07-21T23:00:00Z", 10.0, 7.0, "VALID", "1.5000"),
        interval("2026-07-21T23:15:00Z", 10.0, null, "MISSING", "0.0000"));
    append(catalog, LakeTables.SITE_LOAD_15MIN, load("2026-07-01T17:00:00Z", 1.0, 2.75), load("2026-07-01T17:15:00Z", 2.0, 2.75));
    Map<String, Object> day = new HashMap<>(Map.of("site_id", "site-1", "fleet_id", "fleet-a", "settlement_date",
        LocalDate.of(2026, 7, 1), "actual_kwh", 29.0, "counterfactual_kwh", 27.0, "actual_peak_kw", 8.0,
        "counterfactual_peak_kw", 11.0, "actual_energy_cost_usd", usd("2.0300"), "counterfactual_energy_cost_usd", usd("3.5500"),
        "v2g_export_kwh", 2.0));
    day.putAll(Map.of("v2g_revenue_usd", usd("0.1000"), "degradation_cost_usd", usd("0.1000"), "carbon_avoided_kg", 4.3,
        "actual_demand_cost_usd", usd("80.0000"), "counterfactual_demand_cost_usd", usd("110.0000"),
        "unpriced_intervals", 0, "missing_emission_intervals", 0, "input_snapshots", SNAPS));
    append(catalog, LakeTables.SITE_DAY_SAVINGS, day);
    out = StatementReport.write(catalog, YearMonth.of(2026, 7), "fleet-a", dir.resolve("out"));
    html = Files.readString(out.html());
  }

  @Test
  void drawsLoadManagedVsCounterfactualVsLimit() {
    assertThat(html).contains("Load managed vs counterfactual vs limit", "<svg class='load-chart'",
        "<polyline class='managed'", "<polyline class='counterfactual'", "<polyline class='limit'");
  }

  @Test
  void drawsEventPerformanceAndPaymentsCharts() {
    assertThat(html).contains("Event performance: baseline vs metered", "Fleet credit per site");
    assertThat(html.split("<svg", -1)).hasSize(4); // load, event performance, credits
  }

  @Test
  void statesTheFleetsTotalsOnly() {
    assertThat(html).contains("Program payment: <b>$21.6000</b>", "Fleet credit: <b>$15.1200</b>",
        "Reduction delivered: <b>48.000 kWh</b>", "Flagged intervals (missing/estimated): 1",
        "cost savings <b>$31.5200</b>", "Carbon avoided <b>4.300 kg CO2</b>", "V2G export 2.000 kWh, revenue <b>$0.1000</b>")
        .doesNotContain("fleet-b", "site-9");
  }

  @Test
  void extractsPaymentsIntervalsAndSavingsAsCsv() throws Exception {
    List<String> payments = Files.readAllLines(out.paymentsCsv());
    assertThat(payments).hasSize(3);
    assertThat(payments.get(0)).startsWith("period_start,period_end,program_id,fleet_id,site_id");
    assertThat(payments).anySatisfy(l -> assertThat(l).isEqualTo("2026-07-01,2026-08-01,caiso-elrp,fleet-a,site-1,2,24.0,1,12.0000,8.4000,3.6000"));
    List<String> intervals = Files.readAllLines(out.intervalsCsv());
    assertThat(intervals).hasSize(3).anySatisfy(l -> assertThat(l).contains("2026-07-21T23:15:00Z,10.0,,,MISSING,false"));
    assertThat(Files.readAllLines(out.savingsCsv())).hasSize(2).last().asString()
        .startsWith("2026-07-01,site-1,29.0,27.0,8.0,11.0,2.0300,3.5500,80.0000,110.0000,2.0,0.1000,0.1000,4.3,0,0");
  }

  @Test
  void rendersAPdfWithTheSameTotals() throws Exception {
    try (PDDocument pdf = Loader.loadPDF(out.pdf().toFile())) {
      assertThat(pdf.getNumberOfPages()).isGreaterThanOrEqualTo(1);
      String text = new PDFTextStripper().getText(pdf);
      assertThat(text).contains("Settlement statement fleet-a 2026-07", "Program payment $21.6000", "Fleet credit $15.1200",
          "Cost savings $31.5200", "caiso-elrp / site-1 / 2 / 24.000 / 12.0000 / 8.4000", "raw.site_meter_reading=42")
          .doesNotContain("site-9");
    }
  }

  static BigDecimal usd(String v) {
    return new BigDecimal(v);
  }

  static Map<String, Object> payment(String program, String fleet, String site, String gross, String credit, double kwh, int flagged) {
    Map<String, Object> m = new HashMap<>(Map.of("period_start", FROM, "period_end", TO, "program_id", program, "fleet_id", fleet,
        "site_id", site, "events", 2, "reduction_kwh", kwh, "flagged_intervals", flagged, "program_payment_usd", usd(gross),
        "fleet_credit_usd", usd(credit)));
    m.put("aggregator_share_usd", usd(gross).subtract(usd(credit)));
    m.put("input_snapshots", SNAPS);
    return m;
  }

  static Map<String, Object> interval(String start, double baseline, Double metered, String quality, String payment) {
    Map<String, Object> m = new HashMap<>(Map.of("program_id", "caiso-elrp", "event_id", "e1", "site_id", "site-1",
        "meter_id", "m1", "settlement_date", LocalDate.of(2026, 7, 21), "interval_start", LakeWriter.ts(Instant.parse(start)),
        "baseline_method", "CAISO_10_IN_10", "baseline_kwh", baseline, "meter_quality", quality, "paid", metered != null));
    m.put("metered_kwh", metered);
    m.put("reduction_kwh", metered == null ? null : baseline - metered);
    m.put("rate_per_kwh", new BigDecimal("0.500000"));
    m.put("payment_usd", usd(payment));
    m.put("input_snapshots", SNAPS);
    return m;
  }

  static Map<String, Object> load(String start, double managedKwh, double counterfactualKwh) {
    return Map.of("site_id", "site-1", "interval_start", LakeWriter.ts(Instant.parse(start)), "ev_import_kwh", managedKwh,
        "counterfactual_ev_kwh", counterfactualKwh, "limit_kw", 20.0, "quality", "MISSING");
  }

  @SafeVarargs
  static void append(Catalog catalog, TableIdentifier id, Map<String, Object>... rows) {
    Table t = catalog.loadTable(id);
    List<Record> records = new java.util.ArrayList<>();
    for (Map<String, Object> row : rows) {
      GenericRecord r = GenericRecord.create(t.schema());
      row.forEach(r::setField);
      records.add(r);
    }
    LakeWriter.append(t, records);
  }
}
