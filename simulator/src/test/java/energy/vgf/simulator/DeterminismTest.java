package energy.vgf.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import energy.vgf.simulator.output.JsonLinesSink;
import energy.vgf.simulator.output.Stream;
import energy.vgf.simulator.scenario.FaultSpec;
import energy.vgf.simulator.scenario.Scenario;
import energy.vgf.simulator.scenario.ScenarioLoader;
import energy.vgf.simulator.vendor.VendorJsonSink;
import energy.vgf.simulator.output.StreamSinks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same scenario and seed give the same files, byte for byte. */
class DeterminismTest {

  @TempDir
  Path tmp;

  private static Scenario scenario() {
    return ScenarioLoader.loadDefault().withDays(2).withVehicles(24).withFaults(FaultSpec.TYPICAL);
  }

  private static void runTo(Scenario s, Path dir, boolean vendor) {
    try (var sink = vendor ? StreamSinks.tee(List.of(new JsonLinesSink(dir), new VendorJsonSink(dir))) : new JsonLinesSink(dir)) {
      new Simulation(s).run(sink);
    }
  }

  private static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  @Test
  void sameSeedGivesByteIdenticalStreams() throws Exception {
    runTo(scenario(), tmp.resolve("a"), true);
    runTo(scenario(), tmp.resolve("b"), true);
    for (Stream s : Stream.values()) {
      assertThat(Files.size(tmp.resolve("a").resolve(s.fileName()))).as(s.name()).isPositive();
      assertThat(sha256(tmp.resolve("a").resolve(s.fileName()))).as(s.name())
          .isEqualTo(sha256(tmp.resolve("b").resolve(s.fileName())));
    }
    for (String f : VendorJsonSink.FILES) {
      assertThat(sha256(tmp.resolve("a").resolve(f))).as(f).isEqualTo(sha256(tmp.resolve("b").resolve(f)));
    }
  }

  @Test
  void anotherSeedGivesOtherStreams() throws Exception {
    runTo(scenario(), tmp.resolve("a"), false);
    runTo(scenario().withSeed(43), tmp.resolve("c"), false);
    for (Stream s : List.of(Stream.VEHICLE_TELEMETRY, Stream.MARKET_PRICE, Stream.WEATHER_FORECAST, Stream.SITE_METER)) {
      assertThat(sha256(tmp.resolve("a").resolve(s.fileName()))).as(s.name())
          .isNotEqualTo(sha256(tmp.resolve("c").resolve(s.fileName())));
    }
  }

  @Test
  void addingAFleetLeavesTheOtherVehiclesUnchanged() {
    Scenario base = ScenarioLoader.loadDefault().withDays(2);
    Scenario smaller = base.withVehicles(60);
    RunSummary full = new Simulation(base).run(StreamSinks.discard());
    RunSummary part = new Simulation(smaller).run(StreamSinks.discard());
    // Vehicles are seeded by id, so sb-pomona-001 drives the same trips whatever else is in the scenario.
    var a = full.ledgers().stream().filter(l -> l.vehicleId().equals("sb-pomona-001")).findFirst().orElseThrow();
    var b = part.ledgers().stream().filter(l -> l.vehicleId().equals("sb-pomona-001")).findFirst().orElseThrow();
    assertThat(b.trips()).isEqualTo(a.trips());
    assertThat(b.capacityKwh()).isEqualTo(a.capacityKwh());
  }
}
