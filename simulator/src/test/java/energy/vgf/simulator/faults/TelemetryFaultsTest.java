package energy.vgf.simulator.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import energy.vgf.simulator.CollectingSink;
import energy.vgf.simulator.RunSummary;
import energy.vgf.simulator.Simulation;
import energy.vgf.simulator.fleet.VehicleLedger;
import energy.vgf.simulator.metering.SiteMeter;
import energy.vgf.simulator.output.Stream;
import energy.vgf.simulator.output.StreamSinks;
import energy.vgf.metering.ReadingQuality;
import energy.vgf.metering.SiteMeterReading;
import energy.vgf.simulator.scenario.FaultSpec;
import energy.vgf.simulator.scenario.Scenario;
import energy.vgf.simulator.scenario.ScenarioLoader;
import energy.vgf.telemetry.VehicleStatus;
import energy.vgf.telemetry.VehicleTelemetry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TelemetryFaultsTest {

  private static final int TICK = 30;

  /** A vehicle's clean stream: one record per tick for {@code n} ticks, SoC rising. */
  private static List<VehicleTelemetry> cleanStream(int n) {
    List<VehicleTelemetry> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new VehicleTelemetry(energy.vgf.telemetry.TelematicsProvider.SIMULATOR, "v1",
          java.time.Instant.ofEpochSecond(1_700_000_000L + i * (long) TICK), 10 + i * 0.001, 1000.0 + i, 0.0, 0.0, 0.0,
          VehicleStatus.CHARGING, "d1", "f1", 10.0));
    }
    return out;
  }

  private static List<VehicleTelemetry> inject(FaultSpec spec, List<VehicleTelemetry> clean, long seed,
      TelemetryFaults[] holder) {
    TelemetryFaults faults = new TelemetryFaults(spec, new SplittableRandom(seed));
    holder[0] = faults;
    List<VehicleTelemetry> out = new ArrayList<>();
    clean.forEach(r -> faults.offer(r, out::add));
    faults.flush(out::add);
    return out;
  }

  private static FaultSpec only(double dupPct, double oooPct, double gapsPerDay, double stuckPerDay, double skewPct) {
    return new FaultSpec(true, gapsPerDay, 30, dupPct, oooPct, stuckPerDay, 2, skewPct, 120, 0);
  }

  @Test
  void duplicatesOccurAtTheConfiguredRate() {
    TelemetryFaults[] f = new TelemetryFaults[1];
    List<VehicleTelemetry> clean = cleanStream(100_000);
    List<VehicleTelemetry> out = inject(only(2, 0, 0, 0, 0), clean, 1, f);
    long dups = out.size() - new HashSet<>(out.stream().map(VehicleTelemetry::getTs).toList()).size();
    assertThat(dups).isEqualTo(f[0].stats().duplicated());
    assertThat(100.0 * dups / clean.size()).isCloseTo(2.0, within(0.2));
  }

  @Test
  void outOfOrderRecordsArriveAfterTheNextRecordAtTheConfiguredRate() {
    TelemetryFaults[] f = new TelemetryFaults[1];
    List<VehicleTelemetry> clean = cleanStream(100_000);
    List<VehicleTelemetry> out = inject(only(0, 3, 0, 0, 0), clean, 2, f);
    assertThat(out).hasSameSizeAs(clean).containsExactlyInAnyOrderElementsOf(clean);
    long inversions = 0;
    for (int i = 1; i < out.size(); i++) {
      if (out.get(i).getTs().isBefore(out.get(i - 1).getTs())) {
        inversions++;
      }
    }
    // A record held back at the very end is delivered last without inverting anything.
    assertThat(inversions).isBetween(f[0].stats().reordered() - 1, f[0].stats().reordered());
    assertThat(100.0 * inversions / clean.size()).isCloseTo(3.0, within(0.3));
  }

  @Test
  void gapsDropRecordsForAboutTheirMeanLength() {
    TelemetryFaults[] f = new TelemetryFaults[1];
    List<VehicleTelemetry> clean = cleanStream(30 * 2880); // 30 days of 30-s records
    List<VehicleTelemetry> out = inject(only(0, 0, 2, 0, 0), clean, 3, f);
    long gaps = 0;
    for (int i = 1; i < out.size(); i++) {
      if (out.get(i).getTs().getEpochSecond() - out.get(i - 1).getTs().getEpochSecond() > TICK) {
        gaps++;
      }
    }
    // 2 gaps per day over 30 days: 60 expected (Poisson, sd ~8); each ~30 min = 60 records.
    assertThat(gaps).isBetween(35L, 85L);
    assertThat((double) f[0].stats().dropped() / gaps).isBetween(30.0, 100.0);
    assertThat(clean.size() - out.size()).isEqualTo(f[0].stats().dropped());
  }

  @Test
  void stuckSocSensorRepeatsAFrozenValueWhileTheTrueSocMoves() {
    TelemetryFaults[] f = new TelemetryFaults[1];
    List<VehicleTelemetry> clean = cleanStream(30 * 2880);
    List<VehicleTelemetry> out = inject(only(0, 0, 0, 1, 0), clean, 4, f);
    long frozen = 0;
    for (int i = 1; i < out.size(); i++) {
      if (out.get(i).getSocPct().equals(out.get(i - 1).getSocPct())) {
        frozen++;
      }
    }
    assertThat(f[0].stats().stuckSoc()).isPositive();
    assertThat(frozen).isGreaterThan(f[0].stats().stuckSoc() / 2);
    // 1 episode a day of 2 h on average: about 8 % of records.
    assertThat(100.0 * f[0].stats().stuckSoc() / clean.size()).isBetween(3.0, 16.0);
  }

  @Test
  void clockSkewShiftsEveryTimestampOfASkewedVehicleByTheSameOffset() {
    TelemetryFaults[] f = new TelemetryFaults[1];
    List<VehicleTelemetry> clean = cleanStream(1000);
    List<VehicleTelemetry> out = inject(only(0, 0, 0, 0, 100), clean, 5, f);
    Set<Long> offsets = new HashSet<>();
    for (int i = 0; i < out.size(); i++) {
      offsets.add(out.get(i).getTs().toEpochMilli() - clean.get(i).getTs().toEpochMilli());
    }
    assertThat(offsets).hasSize(1);
    assertThat(Math.abs(offsets.iterator().next())).isPositive().isLessThanOrEqualTo(120_000);
  }

  @Test
  void noFaultsPassEveryRecordThroughUnchanged() {
    TelemetryFaults[] f = new TelemetryFaults[1];
    List<VehicleTelemetry> clean = cleanStream(10_000);
    assertThat(inject(new FaultSpec(true, 0, 0, 0, 0, 0, 0, 0, 0, 0), clean, 6, f)).isEqualTo(clean);
  }

  @Test
  void faultsChangeTheDeliveredStreamButNotTheSimulatedFleet() {
    Scenario s = ScenarioLoader.loadDefault().withDays(2).withVehicles(20);
    CollectingSink faulty = new CollectingSink();
    RunSummary withFaults = new Simulation(s.withFaults(FaultSpec.TYPICAL)).run(faulty);
    RunSummary clean = new Simulation(s).run(StreamSinks.discard());
    assertThat(withFaults.ledgers()).extracting(VehicleLedger::finalSocKwh)
        .isEqualTo(clean.ledgers().stream().map(VehicleLedger::finalSocKwh).toList());
    FaultStats st = withFaults.faults();
    assertThat(st.offered()).isEqualTo(clean.records().get(Stream.VEHICLE_TELEMETRY));
    assertThat(st.duplicated()).isPositive();
    assertThat(st.reordered()).isPositive();
    assertThat(st.dropped()).isPositive();
    assertThat(withFaults.records().get(Stream.VEHICLE_TELEMETRY))
        .isEqualTo(st.offered() - st.dropped() + st.duplicated());
    // Per vehicle, some records now arrive with a timestamp earlier than the one before.
    Map<String, Long> lastTs = new LinkedHashMap<>();
    long inversions = 0;
    for (VehicleTelemetry t : faulty.values(Stream.VEHICLE_TELEMETRY, VehicleTelemetry.class)) {
      Long prev = lastTs.put(t.getVehicleId(), t.getTs().toEpochMilli());
      if (prev != null && t.getTs().toEpochMilli() < prev) {
        inversions++;
      }
    }
    assertThat(inversions).isPositive();
  }

  @Test
  void meterIntervalsGoMissingAtTheConfiguredRate() {
    Scenario s = ScenarioLoader.loadDefault().withDays(7).withVehicles(6)
        .withFaults(new FaultSpec(true, 0, 0, 0, 0, 0, 0, 0, 0, 5));
    CollectingSink sink = new CollectingSink();
    new Simulation(s).run(sink);
    List<SiteMeterReading> readings = sink.values(Stream.SITE_METER, SiteMeterReading.class);
    long missing = readings.stream().filter(r -> r.getQuality() == ReadingQuality.MISSING).count();
    assertThat(100.0 * missing / readings.size()).isBetween(3.0, 7.0);
    assertThat(readings.stream().filter(r -> r.getQuality() == ReadingQuality.MISSING))
        .allSatisfy(r -> assertThat(r.getEnergyImportKwh()).isZero());
    assertThat(readings).hasSize(7 * 96 * s.depots().size());
    assertThat(SiteMeter.INTERVAL_S).isEqualTo(900);
  }
}
