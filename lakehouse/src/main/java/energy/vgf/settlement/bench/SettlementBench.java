package energy.vgf.settlement.bench;

import energy.vgf.lakehouse.catalog.RestCatalogService;
import energy.vgf.lakehouse.tables.LakeTables;
import energy.vgf.lakehouse.trino.TrinoLauncher;
import energy.vgf.lakehouse.trino.TrinoServer;
import energy.vgf.settlement.SettlementJob;
import energy.vgf.settlement.SimulatedSettlementData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.iceberg.catalog.Catalog;

/**
 * {@code ./vgf bench settlement}: N meters x one month of 15-minute readings written into Iceberg through the
 * REST catalog, then the CAISO 10-in-10 baseline (with its capped adjustment) computed twice on the same table
 * in the same run: by the Flink settlement job (BATCH, local MiniCluster) and by {@link TrinoBaselineSql} on a
 * real Trino. Both totals are reported so the two engines check each other.
 */
public final class SettlementBench {

  private SettlementBench() {
  }

  public static Map<String, Object> run(int meters, LocalDate from, LocalDate to, Path workDir, int parallelism,
                                        BiConsumer<String, Double> progress) throws Exception {
    return run(meters, from, to, workDir, parallelism, false, progress);
  }

  /**
   * {@code reuseData}: when the work directory already holds this exact data set (same meters and period, written
   * by an earlier run with the same flag), the write phase is skipped; what is timed (Flink, Trino) is unchanged.
   */
  public static Map<String, Object> run(int meters, LocalDate from, LocalDate to, Path workDir, int parallelism,
                                        boolean reuseData, BiConsumer<String, Double> progress) throws Exception {
    Files.createDirectories(workDir);
    Path marker = workDir.resolve("data-set.txt");
    String dataSet = meters + " meters " + from + ".." + to + " seed 42";
    Map<String, Object> out = new LinkedHashMap<>();
    try (RestCatalogService service = RestCatalogService.start(0, "file://" + workDir.resolve("warehouse").toAbsolutePath(),
        workDir.resolve("catalog.db"))) {
      SimulatedSettlementData data = new SimulatedSettlementData(meters, from, to, 42);
      long t0 = System.nanoTime();
      try (var catalog = (AutoCloseable & Catalog) service.clientConfig().open()) {
        boolean reused = reuseData && Files.exists(marker) && Files.readString(marker).equals(dataSet);
        if (!reused) {
          Files.deleteIfExists(marker);
          data.write(catalog, f -> progress.accept("write", f));
          if (reuseData) {
            Files.writeString(marker, dataSet);
          }
        }
        out.put("rows", data.rows());
        out.put("meters", meters);
        out.put("days", to.toEpochDay() - from.toEpochDay());
        out.put("event_days", data.eventDays().size());
        out.put("write_s", reused ? null : round((System.nanoTime() - t0) / 1e9));
        out.put("data_reused", reused);
        out.put("table_files", catalog.loadTable(LakeTables.SITE_METER_READING).currentSnapshot().summary().get("total-data-files"));
      }
      progress.accept("flink", 0.0);
      LoadSampler load = LoadSampler.start();
      long t1 = System.nanoTime();
      SettlementJob.Result r = new SettlementJob(service.clientConfig(), data.config()).parallelism(parallelism)
          .run(from, to, SimulatedSettlementData.CAISO_PROGRAM);
      double flinkS = (System.nanoTime() - t1) / 1e9;
      out.put("load_avg_flink", round(load.stop()));
      progress.accept("flink", 1.0);
      out.put("flink_s", round(flinkS));
      out.put("flink_baselines", r.baselineRows());
      out.put("flink_payment_usd", r.programPaymentUsd().toPlainString());

      progress.accept("trino start", 0.0);
      long t2 = System.nanoTime();
      try (TrinoServer trino = new TrinoLauncher().start(service.clientConfig(),
          Files.createDirectories(workDir.resolve("trino")), 0)) {
        out.put("trino_start_s", round((System.nanoTime() - t2) / 1e9));
        progress.accept("trino start", 1.0);
        try (Connection c = DriverManager.getConnection(trino.jdbcUrl(), "bench", null);
             Statement s = c.createStatement()) {
          progress.accept("trino", 0.0);
          LoadSampler trinoLoad = LoadSampler.start();
          long t3 = System.nanoTime();
          ResultSet rs = s.executeQuery(TrinoBaselineSql.caisoTotals("site_meter_reading", SimulatedSettlementData.CAISO_PROGRAM));
          rs.next();
          double trinoS = (System.nanoTime() - t3) / 1e9;
          out.put("load_avg_trino", round(trinoLoad.stop()));
          out.put("trino_s", round(trinoS));
          // > 1: Flink settled faster than Trino computed the same baseline on the same table.
          out.put("flink_vs_trino_speedup", round(trinoS / flinkS));
          progress.accept("trino", 1.0);
          double trinoAdjusted = rs.getDouble(2);
          out.put("trino_baselines", rs.getLong(3));
          ResultSet fr = s.executeQuery("SELECT sum(baseline_kwh) FROM settlement.dr_event_performance WHERE program_id = '"
              + SimulatedSettlementData.CAISO_PROGRAM + "'");
          fr.next();
          double flinkAdjusted = fr.getDouble(1);
          out.put("baseline_kwh_flink", round(flinkAdjusted));
          out.put("baseline_kwh_trino", round(trinoAdjusted));
          out.put("totals_match", Math.abs(flinkAdjusted - trinoAdjusted) <= 1e-6 * Math.max(1, Math.abs(flinkAdjusted)));
        }
      }
    }
    out.put("parallelism", parallelism);
    out.put("cores", Runtime.getRuntime().availableProcessors());
    return out;
  }

  /**
   * The 1-minute system load average, sampled every 5 s during a phase: the machine is shared, and a figure means
   * little without the load it was measured under.
   */
  static final class LoadSampler {
    private final java.util.concurrent.ScheduledExecutorService timer;
    private final java.util.List<Double> samples = new java.util.concurrent.CopyOnWriteArrayList<>();

    private LoadSampler() {
      timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-load-sampler");
        t.setDaemon(true);
        return t;
      });
      var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
      timer.scheduleAtFixedRate(() -> samples.add(os.getSystemLoadAverage()), 0, 5, java.util.concurrent.TimeUnit.SECONDS);
    }

    static LoadSampler start() {
      return new LoadSampler();
    }

    /** Mean of the samples (negative when the platform has no load average). */
    double stop() {
      timer.shutdownNow();
      return samples.stream().mapToDouble(Double::doubleValue).average().orElse(-1);
    }
  }

  static double round(double v) {
    return Double.parseDouble(String.format(Locale.ROOT, "%.3f", v));
  }
}
