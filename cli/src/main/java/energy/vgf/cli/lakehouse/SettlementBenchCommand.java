package energy.vgf.cli.lakehouse;

import com.fasterxml.jackson.databind.ObjectMapper;
import energy.vgf.settlement.bench.SettlementBench;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./vgf bench settlement}: Flink vs Trino SQL on the same baseline and tables; last line is JSON. */
@Command(name = "settlement", mixinStandardHelpOptions = true,
    description = "Settle N meters x 1 month of 15-min intervals on Flink, and the same CAISO baseline as Trino SQL.")
public final class SettlementBenchCommand implements Callable<Integer> {

  @Option(names = "--meters", defaultValue = "10000", description = "meters (default ${DEFAULT-VALUE}: ~29.8 M rows for 31 days)")
  int meters;

  @Option(names = "--from", defaultValue = "2026-07-01")
  LocalDate from;

  @Option(names = "--to", defaultValue = "2026-08-01")
  LocalDate to;

  @Option(names = "--parallelism", defaultValue = "2")
  int parallelism;

  @Option(names = "--work-dir", description = "warehouse and Trino data (default: a temporary directory, deleted)")
  Path workDir;

  @Option(names = "--reuse-data", description = "with --work-dir: keep the written tables and skip the write phase "
      + "when the directory already holds the same data set (Flink and Trino are timed as usual)")
  boolean reuseData;

  @Override
  public Integer call() throws Exception {
    boolean temp = workDir == null;
    Path dir = temp ? Files.createTempDirectory("vgf-bench-settlement-") : workDir;
    try {
      Map<String, Object> out = SettlementBench.run(meters, from, to, dir, parallelism, reuseData && !temp, (stage, f) -> {
        int pct = (int) Math.round(f * 100);
        int filled = pct * 30 / 100;
        System.err.print(String.format(Locale.ROOT, "\r%-12s [%s%s] %3d%%", stage, "#".repeat(filled),
            ".".repeat(30 - filled), pct));
        if (pct == 100) {
          System.err.println();
        }
        System.err.flush();
      });
      System.out.println(new ObjectMapper().writeValueAsString(out));
      return 0;
    } finally {
      if (temp) {
        new ProcessBuilder("rm", "-rf", dir.toString()).start().waitFor();
      }
    }
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new SettlementBenchCommand()).execute(args));
  }
}
