package energy.vgf.flink.dispatch;

import static energy.vgf.flink.Fixtures.at;
import static energy.vgf.flink.Fixtures.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import energy.vgf.dispatch.DispatchPlan;
import energy.vgf.dispatch.DispatchSetpoint;
import energy.vgf.dispatch.SetpointReason;
import energy.vgf.flink.vehicle.AckEvent;
import energy.vgf.flink.vehicle.VehicleSnapshot;
import energy.vgf.grid.BaselineMethod;
import energy.vgf.grid.ConstraintKind;
import energy.vgf.grid.GridConstraint;
import energy.vgf.market.Iso;
import energy.vgf.market.MarketPrice;
import energy.vgf.market.MarketType;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DispatchFunctionTest {

  private KeyedBroadcastOperatorTestHarness<String, SiteInput, MarketSignal, DispatchSetpoint> harness;

  @BeforeEach
  void open() throws Exception {
    harness = newHarness();
    harness.open();
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  /** Solves inside the timer, so that the output can be asserted right after a watermark. */
  private static KeyedBroadcastOperatorTestHarness<String, SiteInput, MarketSignal, DispatchSetpoint> newHarness() throws Exception {
    return newHarness(true);
  }

  private static KeyedBroadcastOperatorTestHarness<String, SiteInput, MarketSignal, DispatchSetpoint> newHarness(boolean solveInTimer) throws Exception {
    return newHarness(solveInTimer, false);
  }

  /**
   * Most tests look at the boundary schedule on its own, without the re-plan a plug-in triggers; the tests of that
   * re-plan turn it on (it is on by default).
   */
  private static KeyedBroadcastOperatorTestHarness<String, SiteInput, MarketSignal, DispatchSetpoint> newHarness(
      boolean solveInTimer, boolean replanOnPlugIn, String... extra) throws Exception {
    List<String> settings = new java.util.ArrayList<>(List.of("dispatch.horizon.intervals", "32",
        "dispatch.solve.budget.ms", "2000", "dispatch.solver.threads", "1",
        "dispatch.replan.on.plug.in", String.valueOf(replanOnPlugIn),
        "fleet.site.depot-a.import.limit.kw", "60", "fleet.site.depot-a.price.node", "CAISO:NODE_A"));
    settings.addAll(List.of(extra));
    DispatchFunction fn = new DispatchFunction(config(settings.toArray(String[]::new)), solveInTimer,
        BoundedSolver.OPTIMIZER);
    return new KeyedBroadcastOperatorTestHarness<>(
        new CoBroadcastWithKeyedOperator<>(fn, List.of(DispatchFunction.PRICES, DispatchFunction.WEATHER, DispatchFunction.GRID)),
        SiteInput::siteId, Types.STRING, 1, 1, 0);
  }

  static VehicleSnapshot plugged(String vehicle, String charger, double minutes, double energyKwh, double departureMinutes) {
    VehicleSnapshot v = new VehicleSnapshot();
    v.vehicleId = vehicle;
    v.siteId = "depot-a";
    v.present = true;
    v.tsMs = at(minutes).toEpochMilli();
    v.energyKwh = energyKwh;
    v.socPct = energyKwh;
    v.socTrusted = true;
    v.pluggedIn = true;
    v.chargerId = charger;
    v.departureMs = at(departureMinutes).toEpochMilli();
    v.requiredSocPct = 90.0;
    v.hard = true;
    v.capacityKwh = 100;
    v.maxChargeKw = 50;
    v.efficiency = 0.92;
    v.minSocPct = 10;
    return v;
  }

  private void vehicle(VehicleSnapshot v) throws Exception {
    harness.processElement(new StreamRecord<>(SiteInput.of(v), v.tsMs));
  }

  private List<DispatchSetpoint> setpoints() {
    return harness.extractOutputValues();
  }

  @Test
  void emitsSetpointsWithFailSafeValidityOnTheDispatchBoundary() throws Exception {
    vehicle(plugged("bus-1", "cp-1", 1, 20, 180));
    harness.watermark(at(14).toEpochMilli());
    assertThat(setpoints()).isEmpty();

    harness.watermark(at(15).toEpochMilli());
    List<DispatchSetpoint> out = setpoints();
    assertThat(out).hasSize(1);
    DispatchSetpoint s = out.get(0);
    assertThat(s.getChargerId()).isEqualTo("cp-1");
    assertThat(s.getVehicleId()).isEqualTo("bus-1");
    assertThat(s.getSiteId()).isEqualTo("depot-a");
    assertThat(s.getValidFrom()).isEqualTo(at(15));
    assertThat(s.getValidTo()).isEqualTo(at(30 + 2)); // end of the interval + 2 min grace
    // 70 kWh / 0.92 in 2h45 needs ~27.7 kW on average: the plan must charge now.
    assertThat(s.getPowerKw()).isGreaterThan(0).isLessThanOrEqualTo(50);
    assertThat(s.getReason()).isIn(SetpointReason.OPTIMIZER, SetpointReason.FALLBACK);

    var plans = harness.getSideOutput(DispatchFunction.PLANS);
    assertThat(plans).hasSize(1);
    DispatchPlan plan = plans.peek().getValue();
    assertThat(plan.getNetLoadKw()).hasSize(32);
    assertThat(plan.getVehicles().get(0).getShortfallKwh()).isEqualTo(0.0);
  }

  @Test
  void oneSetpointCarriesTheFollowingIntervalsOfThePlanAsSteps() throws Exception {
    harness.close();
    harness = newHarness(true, false, "dispatch.setpoint.intervals", "3");
    harness.open();
    // bus-1 leaves at 45 far from its target: full power for two intervals, then nothing on its charger.
    vehicle(plugged("bus-1", "cp-1", 1, 10, 45));
    vehicle(plugged("bus-2", "cp-2", 1, 60, 600));
    harness.watermark(at(15).toEpochMilli());

    List<DispatchSetpoint> out = setpoints();
    assertThat(out).extracting(DispatchSetpoint::getChargerId).containsExactlyInAnyOrder("cp-1", "cp-2");
    DispatchPlan plan = harness.getSideOutput(DispatchFunction.PLANS).peek().getValue();
    for (DispatchSetpoint s : out) {
      assertThat(s.getValidFrom()).isEqualTo(at(15));
      assertThat(s.getValidTo()).isEqualTo(at(15 + 45 + 2)); // three intervals + 2 min grace
      List<Double> planned = plan.getVehicles().stream().filter(v -> v.getChargerId().equals(s.getChargerId()))
          .findFirst().orElseThrow().getPowerKw().subList(0, 3);
      // The power in force at each of the three intervals' starts, from power_kw and the steps.
      for (int k = 0; k < 3; k++) {
        java.time.Instant t = at(15 + 15 * k);
        double kw = s.getPowerKw();
        for (var step : s.getSteps()) {
          assertThat(step.getStart()).isAfter(at(15)).isBefore(at(60));
          assertThat(step.getStart().toEpochMilli() % (15 * 60_000L)).as("on a boundary").isZero();
          if (!step.getStart().isAfter(t)) {
            kw = step.getPowerKw();
          }
        }
        assertThat(kw).as("%s at interval %d", s.getChargerId(), k).isEqualTo(planned.get(k));
      }
    }
    assertThat(out.stream().filter(s -> s.getChargerId().equals("cp-1")).findFirst().orElseThrow().getSteps())
        .as("cp-1 steps down when bus-1 leaves").isNotEmpty();
  }

  @Test
  void aVehicleBehindTheWatermarkIsDispatchedAtTheNextBoundaryAfterIt() throws Exception {
    // The watermark ran ahead (another input was the only active one); a timer at the vehicle's own next
    // boundary (15) would sit behind it and fire only on an advance past 15, which has already happened.
    harness.watermark(at(40).toEpochMilli());
    vehicle(plugged("bus-1", "cp-1", 1, 20, 180));
    harness.watermark(at(44).toEpochMilli());
    assertThat(setpoints()).isEmpty();
    harness.watermark(at(45).toEpochMilli());
    assertThat(setpoints()).hasSize(1);
    assertThat(setpoints().get(0).getValidFrom()).isEqualTo(at(45));
  }

  @Test
  void keepsDispatchingEveryIntervalAndUsesTheBroadcastPrices() throws Exception {
    harness.processBroadcastElement(new StreamRecord<>(MarketSignal.of(MarketPrice.newBuilder().setIso(Iso.CAISO).setNode("NODE_A")
        .setMarket(MarketType.DAY_AHEAD).setIntervalStart(at(0)).setIntervalEnd(at(60)).setLmpPerMwh(500).build())));
    vehicle(plugged("bus-1", "cp-1", 1, 20, 600));
    harness.watermark(at(30).toEpochMilli());

    List<DispatchSetpoint> out = setpoints();
    assertThat(out).extracting(DispatchSetpoint::getValidFrom).containsExactly(at(15), at(30));
    // $0.50/kWh in the first hour, $0.15 afterwards, ten hours to go: charge later, not now.
    assertThat(out.get(0).getPowerKw()).isEqualTo(0.0);
  }

  @Test
  void withTheProgressFloorADeferredVehicleStillGetsItsAverageRateNow() throws Exception {
    harness.close();
    harness = newHarness(true, false, "dispatch.progress.floor", "true");
    harness.open();
    harness.processBroadcastElement(new StreamRecord<>(MarketSignal.of(MarketPrice.newBuilder().setIso(Iso.CAISO).setNode("NODE_A")
        .setMarket(MarketType.DAY_AHEAD).setIntervalStart(at(0)).setIntervalEnd(at(60)).setLmpPerMwh(500).build())));
    vehicle(plugged("bus-1", "cp-1", 1, 20, 600));
    harness.watermark(at(15).toEpochMilli());

    // The same dear first hour that defers it to 0 kW above. 70 kWh to go at 0.92 efficiency; the departure is
    // beyond the 32-interval horizon, so the plan has the requirement due at the horizon's end.
    DispatchSetpoint s = setpoints().get(0);
    assertThat(s.getPowerKw()).isCloseTo(70 / (0.92 * 0.25 * 32), within(0.001));
    // The published plan says what the charger is told.
    DispatchPlan plan = harness.getSideOutput(DispatchFunction.PLANS).peek().getValue();
    assertThat(plan.getVehicles().get(0).getPowerKw().get(0)).isEqualTo(s.getPowerKw());
  }

  @Test
  void replansAroundAChargerThatRejectedItsSetpoint() throws Exception {
    vehicle(plugged("bus-1", "cp-1", 1, 20, 180));
    vehicle(plugged("bus-2", "cp-2", 1, 20, 180));
    harness.watermark(at(15).toEpochMilli());
    DispatchSetpoint first = setpoints().stream().filter(s -> s.getChargerId().equals("cp-1")).findFirst().orElseThrow();

    AckEvent rejected = new AckEvent();
    rejected.siteId = "depot-a";
    rejected.chargerId = "cp-1";
    rejected.setpointId = first.getSetpointId();
    rejected.status = "REJECTED";
    rejected.tsMs = at(16).toEpochMilli();
    harness.processElement(new StreamRecord<>(SiteInput.of(rejected), rejected.tsMs));
    harness.watermark(at(17).toEpochMilli());

    List<DispatchSetpoint> replanned = setpoints().subList(2, setpoints().size());
    assertThat(replanned).extracting(DispatchSetpoint::getChargerId).containsExactly("cp-2");
    assertThat(replanned.get(0).getReason()).isEqualTo(SetpointReason.REPLAN);
    assertThat(replanned.get(0).getValidFrom()).isEqualTo(at(16));
    // cp-1 may draw its full 50 kW under its own profile: 60 kW site limit leaves 10 kW for cp-2.
    assertThat(replanned.get(0).getPowerKw()).isLessThanOrEqualTo(10.0 + 1e-6);
  }

  @Test
  void respectsAGridLimitInForce() throws Exception {
    harness.processBroadcastElement(new StreamRecord<>(MarketSignal.of(GridConstraint.newBuilder().setConstraintId("dr-1")
        .setKind(ConstraintKind.DEMAND_RESPONSE_EVENT).setScopeId("depot-a").setValidFrom(at(0)).setValidTo(at(60))
        .setImportLimitKw(5.0).setBaselineMethod(BaselineMethod.NONE).setSource("test").setIssuedAt(at(0)).build())));
    vehicle(plugged("bus-1", "cp-1", 1, 20, 600));
    harness.watermark(at(15).toEpochMilli());
    assertThat(setpoints().get(0).getPowerKw()).isLessThanOrEqualTo(5.0 + 1e-6);
  }

  @Test
  void restoresVehiclesAndTheDispatchTimerFromASnapshot() throws Exception {
    vehicle(plugged("bus-1", "cp-1", 1, 20, 180));
    OperatorSubtaskState snapshot = harness.snapshot(1L, at(2).toEpochMilli());
    harness.close();

    harness = newHarness();
    harness.initializeState(snapshot);
    harness.open();
    harness.watermark(at(15).toEpochMilli());
    assertThat(setpoints()).extracting(DispatchSetpoint::getChargerId).containsExactly("cp-1");
  }

  /** Advances processing time in poll steps until the solve on the worker thread has been emitted. */
  private void pollUntilSetpoints(int expected) {
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5)).until(() -> {
      harness.setProcessingTime(harness.getProcessingTime() + DispatchFunction.POLL_MS);
      return setpoints().size() >= expected;
    });
  }

  @Test
  void solvesOffTheTaskThreadAndEmitsWhenThePlanIsBack() throws Exception {
    harness.close();
    harness = newHarness(false);
    harness.open();
    vehicle(plugged("bus-1", "cp-1", 1, 20, 180));
    harness.watermark(at(15).toEpochMilli());
    // The timer only hands the instance to the worker: nothing is emitted inside it.
    assertThat(setpoints()).isEmpty();

    pollUntilSetpoints(1);
    assertThat(setpoints()).extracting(DispatchSetpoint::getValidFrom).containsExactly(at(15));
    assertThat(harness.getSideOutput(DispatchFunction.PLANS)).hasSize(1);
  }

  @Test
  void solvesAgainAfterARestoreWhenASolveWasInFlightAtTheCheckpoint() throws Exception {
    harness.close();
    harness = newHarness(false);
    harness.open();
    vehicle(plugged("bus-1", "cp-1", 1, 20, 180));
    harness.watermark(at(15).toEpochMilli());
    OperatorSubtaskState snapshot = harness.snapshot(1L, at(15).toEpochMilli());
    harness.close();

    harness = newHarness(false);
    harness.initializeState(snapshot);
    harness.open();
    pollUntilSetpoints(1);
    assertThat(setpoints()).extracting(DispatchSetpoint::getValidFrom).containsExactly(at(15));
  }

  @Test
  void replansAtOnceWhenAVehiclePlugsIn() throws Exception {
    harness.close();
    harness = newHarness(true, true);
    harness.open();
    vehicle(plugged("bus-1", "cp-1", 1, 20, 180));
    harness.watermark(at(1).toEpochMilli());
    // Not at the boundary (15): from the plug-in to the end of its interval (+ grace), marked as a re-plan.
    assertThat(setpoints()).hasSize(1);
    DispatchSetpoint first = setpoints().get(0);
    assertThat(first.getValidFrom()).isEqualTo(at(1));
    assertThat(first.getValidTo()).isEqualTo(at(15 + 2));
    assertThat(first.getReason()).isEqualTo(SetpointReason.REPLAN);
    assertThat(first.getPowerKw()).isGreaterThan(0);

    // A newer reading of the same plugged-in vehicle is no arrival: no re-plan.
    vehicle(plugged("bus-1", "cp-1", 3, 22, 180));
    harness.watermark(at(4).toEpochMilli());
    assertThat(setpoints()).hasSize(1);

    // A second vehicle plugs in: both are planned again, and the boundary still dispatches.
    vehicle(plugged("bus-2", "cp-2", 6, 20, 180));
    harness.watermark(at(7).toEpochMilli());
    assertThat(setpoints()).hasSize(3);
    assertThat(setpoints().subList(1, 3)).extracting(DispatchSetpoint::getChargerId).containsExactlyInAnyOrder("cp-1", "cp-2");
    assertThat(setpoints().subList(1, 3)).extracting(DispatchSetpoint::getValidFrom).containsOnly(at(6));
    harness.watermark(at(15).toEpochMilli());
    assertThat(setpoints()).hasSize(5);
    assertThat(setpoints().subList(3, 5)).extracting(DispatchSetpoint::getReason).doesNotContain(SetpointReason.REPLAN);
  }

  @Test
  void aBurstOfArrivalsIsOneReplan() throws Exception {
    harness.close();
    harness = newHarness(true, true);
    harness.open();
    for (int i = 1; i <= 4; i++) {
      vehicle(plugged("bus-" + i, "cp-" + i, i, 20, 300));
    }
    harness.watermark(at(5).toEpochMilli());
    // One plan for the four (a re-plan reads the state when it fires), not one per arrival.
    assertThat(setpoints()).hasSize(4);
    assertThat(setpoints()).extracting(DispatchSetpoint::getPlanId).containsOnly(setpoints().get(0).getPlanId());
    assertThat(harness.getSideOutput(DispatchFunction.PLANS)).hasSize(1);
  }

  @Test
  void aReplanWithoutBudgetAnswersWithTheLeastLaxityFirstPlanAtOnce() throws Exception {
    harness.close();
    harness = newHarness(true, true, "dispatch.replan.budget.ms", "0");
    harness.open();
    vehicle(plugged("bus-1", "cp-1", 1, 20, 180));
    harness.watermark(at(1).toEpochMilli());
    harness.watermark(at(15).toEpochMilli());
    List<DispatchPlan> plans = harness.getSideOutput(DispatchFunction.PLANS).stream().map(r -> r.getValue()).toList();
    assertThat(plans).hasSize(2);
    // The plug-in's re-plan is the fallback (no solve to wait for), the boundary's is the optimizer's.
    assertThat(plans.get(0).getFallback()).isTrue();
    assertThat(plans.get(1).getFallback()).isFalse();
    assertThat(setpoints().get(0).getPowerKw()).isPositive();
  }

  @Test
  void aReplanWithoutBudgetKeepsTheCourseOfThePlanInForce() throws Exception {
    harness.close();
    harness = newHarness(true, true, "dispatch.replan.budget.ms", "0");
    harness.open();
    harness.processBroadcastElement(new StreamRecord<>(MarketSignal.of(MarketPrice.newBuilder().setIso(Iso.CAISO).setNode("NODE_A")
        .setMarket(MarketType.DAY_AHEAD).setIntervalStart(at(0)).setIntervalEnd(at(60)).setLmpPerMwh(500).build())));
    vehicle(plugged("bus-1", "cp-1", 1, 20, 600));
    harness.watermark(at(15).toEpochMilli());
    DispatchSetpoint boundary = setpoints().get(setpoints().size() - 1);
    assertThat(boundary.getReason()).isEqualTo(SetpointReason.OPTIMIZER);
    assertThat(boundary.getPowerKw()).as("the optimizer defers past the dear hour").isEqualTo(0.0);

    // bus-2 plugs in: the re-plan has no budget, so it is the quick plan. It continues bus-1's deferral (least-
    // laxity-first would charge both now, in the dear hour) and puts bus-2's charge in the cheap hours too.
    int before = setpoints().size();
    vehicle(plugged("bus-2", "cp-2", 16, 20, 600));
    harness.watermark(at(17).toEpochMilli());
    List<DispatchSetpoint> replan = setpoints().subList(before, setpoints().size());
    assertThat(replan).extracting(DispatchSetpoint::getReason).containsOnly(SetpointReason.REPLAN);
    assertThat(replan).extracting(DispatchSetpoint::getChargerId).containsExactlyInAnyOrder("cp-1", "cp-2");
    assertThat(replan).extracting(DispatchSetpoint::getPowerKw).containsOnly(0.0);
    List<DispatchPlan> plans = harness.getSideOutput(DispatchFunction.PLANS).stream().map(r -> r.getValue()).toList();
    DispatchPlan quick = plans.get(plans.size() - 1);
    assertThat(quick.getFallback()).isTrue();
    assertThat(quick.getVehicles()).allSatisfy(v -> assertThat(v.getShortfallKwh()).isEqualTo(0.0));
  }
}
