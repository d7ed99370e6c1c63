package energy.vgf.simulator.bench;

import energy.vgf.simulator.RunSummary;
import energy.vgf.simulator.Simulation;
import energy.vgf.simulator.output.JsonLinesSink;
import energy.vgf.simulator.output.StreamSink;
import energy.vgf.simulator.output.StreamSinks;
import energy.vgf.simulator.scenario.Scenario;
import energy.vgf.simulator.scenario.ScenarioLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The benchmark: the default scenario scaled to N vehicles for D days, generated and written
 * as JSON lines (to a temporary directory that is deleted afterwards unless one is given), or
 * generated only ({@code discard}).
 */
public final class SimulatorBench {

  private SimulatorBench() {}

  /** One measurement; {@link #toJson()} is the bench command's last stdout line. */
  public record Result(int vehicles, int days, long records, double elapsedS, long bytes, String sink) {
    public double recordsPerS() {
      return records / elapsedS;
    }

    public String toJson() {
      return String.format(Locale.ROOT,
          "{\"bench\":\"simulator\",\"vehicles\":%d,\"days\":%d,\"records\":%d,\"elapsed_s\":%.2f,"
              + "\"records_per_s\":%.0f,\"output_bytes\":%d,\"sink\":\"%s\",\"target_s\":30,\"pass\":%s}",
          vehicles, days, records, elapsedS, recordsPerS(), bytes, sink, elapsedS < 30);
    }
  }

  /**
   * @param out where to write the files, or null for a temporary directory removed afterwards
   * @param discard generate only, write nothing
   */
  public static Result run(String scenarioName, int vehicles, int days, long seed, Path out, boolean discard) {
    Scenario scenario = ScenarioLoader.load(scenarioName).withVehicles(vehicles).withDays(days).withSeed(seed);
    Path dir = out;
    boolean temporary = false;
    try {
      if (!discard && dir == null) {
        dir = Files.createTempDirectory("vgf-sim-bench");
        temporary = true;
      }
      long start = System.nanoTime();
      RunSummary summary;
      try (StreamSink sink = discard ? StreamSinks.discard() : new JsonLinesSink(dir)) {
        summary = new Simulation(scenario).run(sink);
      }
      double elapsed = (System.nanoTime() - start) / 1e9;
      long bytes = discard ? 0 : size(dir);
      return new Result(summary.vehicles(), days, summary.totalRecords(), elapsed, bytes, discard ? "discard" : "files");
    } catch (IOException e) {
      throw new UncheckedIOException("bench: cannot use output directory: " + e.getMessage(), e);
    } finally {
      if (temporary) {
        delete(dir);
      }
    }
  }

  private static long size(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("bench: cannot delete " + dir, e);
    }
  }
}
