package energy.vgf.ocpp.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import energy.vgf.charging.SessionEvent;
import energy.vgf.dispatch.AckStatus;
import energy.vgf.dispatch.DispatchSetpoint;
import energy.vgf.ocpp.rpc.OcppVersion;
import energy.vgf.ocpp.sim.ChargePointSimulator;
import energy.vgf.ocpp.sim.SimVehicle;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

class SetpointDeliveryIT {
  private final BridgeHarness h = new BridgeHarness();

  @AfterEach
  void stop() throws Exception {
    h.close();
  }

  private ChargePointSimulator charging(String id, OcppVersion v) {
    h.enroll(id);
    ChargePointSimulator sim = h.start(h.simConfig(id, v).withMeterInterval(Duration.ofSeconds(1)));
    await().atMost(Duration.ofSeconds(10)).until(() -> h.bridge.isReady(id));
    sim.plugIn(1, new SimVehicle("bus-17", 300, 40, 22, 0)).join();
    await().atMost(Duration.ofSeconds(5)).until(() -> !h.bridge.runningTransactions(id).isEmpty());
    return sim;
  }

  @Test
  void aSitesOwnFailSafeFractionReplacesTheBridgeWideOne() throws Exception {
    try (BridgeHarness sites = new BridgeHarness(BridgeHarness.testConfig()
        .withSiteFailSafe(java.util.Map.of("depot-1", 0.8, "depot-2", 0.1)))) {
      sites.enrollBidirectional("cp-site"); // 11 kW at depot-1
      ChargePointSimulator sim = sites.start(sites.simConfig("cp-site", OcppVersion.V16));
      await().atMost(Duration.ofSeconds(10)).until(() -> sites.bridge.isReady("cp-site"));
      assertThat(sim.installedProfiles()).anySatisfy(p -> {
        assertThat(p.purpose()).isEqualTo("TxDefaultProfile");
        assertThat(p.periods().get(0).limit()).isEqualTo(8_800.0); // 80 % of 11 kW, not the bridge-wide 50 %
      });
    }
    assertThat(BridgeHarness.testConfig().withSiteFailSafe(java.util.Map.of("depot-2", 0.1)).failSafeFraction(null))
        .isEqualTo(0.5);
  }

  @Test
  void aSessionStartingBetweenPlansGetsOnlyItsSitesSparePower() throws Exception {
    // depot-g's chargers may draw 30 kW together; each charger's fail-safe is 11 kW (50 % of 22 kW).
    try (BridgeHarness site = new BridgeHarness(BridgeHarness.testConfig()
        .withSiteChargingLimits(java.util.Map.of("depot-g", 30.0)))) {
      ChargePointSimulator a = guardedCharger(site, "cp-ga");
      a.plugIn(1, new SimVehicle("bus-17", 300, 40, 22, 0)).join();
      await().atMost(Duration.ofSeconds(5)).until(() -> !site.bridge.runningTransactions("cp-ga").isEmpty());
      DispatchSetpoint planned = planBus17(site, 20.0);

      // Dispatch has not planned bus-18 yet: it gets what the plan leaves (30 - 20), not its 11 kW fail-safe.
      ChargePointSimulator b = guardedCharger(site, "cp-gb");
      b.plugIn(1, new SimVehicle("bus-18", 300, 40, 22, 0)).join();
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(txProfileLimitW(b)).isEqualTo(10_000.0));
      // A third one at once gets nothing: the site is at its limit until dispatch re-plans.
      ChargePointSimulator c = guardedCharger(site, "cp-gc");
      c.plugIn(1, new SimVehicle("bus-19", 300, 40, 22, 0)).join();
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(txProfileLimitW(c)).isEqualTo(0.0));

      // bus-17 leaves and bus-20 takes its charger: bus-17's 20 kW setpoint is not bus-20's; the spare 20 kW is.
      a.plugOut(1).join();
      await().atMost(Duration.ofSeconds(5)).until(() -> site.bridge.runningTransactions("cp-ga").isEmpty());
      a.plugIn(1, new SimVehicle("bus-20", 300, 40, 22, 0)).join();
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(a.installedProfiles().stream()
          .filter(p -> p.purpose().equals("TxProfile")).map(p -> p.periods().get(0).limit()).toList())
          .contains(20_000.0));
      // The interim profiles are the bridge's own: dispatch gets no acknowledgement for them.
      assertThat(site.sink.acks).allMatch(x -> x.getSetpointId().equals(planned.getSetpointId()));
    }
  }

  @Test
  void aPlanMadeBeforeANewSessionTakesBackTheSparePowerTheSessionWasGiven() throws Exception {
    try (BridgeHarness site = new BridgeHarness(BridgeHarness.testConfig()
        .withSiteChargingLimits(java.util.Map.of("depot-g", 30.0)))) {
      ChargePointSimulator a = guardedCharger(site, "cp-ga");
      a.plugIn(1, new SimVehicle("bus-17", 300, 40, 22, 0)).join();
      await().atMost(Duration.ofSeconds(5)).until(() -> !site.bridge.runningTransactions("cp-ga").isEmpty());
      DispatchSetpoint first = planBus17(site, 10.0);
      ChargePointSimulator b = guardedCharger(site, "cp-gb");
      b.plugIn(1, new SimVehicle("bus-18", 300, 40, 22, 0)).join();
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(txProfileLimitW(b)).isEqualTo(20_000.0));

      // The next plan was made before dispatch knew of bus-18: it gives bus-17 18 kW. bus-18's interim yields 8.
      DispatchSetpoint next = planBus17(site, 18.0);
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(txProfileLimitW(b)).isEqualTo(12_000.0));
      assertThat(txProfileLimitW(a)).isEqualTo(18_000.0);
      assertThat(site.sink.acks).extracting(x -> x.getSetpointId()).containsOnly(first.getSetpointId(),
          next.getSetpointId());
    }
  }

  /** Dispatch's setpoint of {@code kw} for bus-17 on cp-ga, once the charger has accepted it. */
  private static DispatchSetpoint planBus17(BridgeHarness site, double kw) {
    DispatchSetpoint sp = DispatchSetpoint.newBuilder(BridgeHarness.setpoint("cp-ga", kw, Duration.ofMinutes(15)))
        .setSiteId("depot-g").setVehicleId("bus-17").build();
    site.bridge.submit(sp);
    await().atMost(Duration.ofSeconds(5)).until(() -> site.sink.acks.stream()
        .anyMatch(x -> x.getSetpointId().equals(sp.getSetpointId()) && x.getStatus() == AckStatus.ACCEPTED));
    return sp;
  }

  private static ChargePointSimulator guardedCharger(BridgeHarness site, String id) {
    site.registry.put(new energy.vgf.ocpp.security.EnrolledCharger(id, "depot-g", BridgeHarness.HASH, false, 22.0,
        4.14, 3, 230.0, java.time.Instant.now()));
    ChargePointSimulator sim = site.start(site.simConfig(id, OcppVersion.V16));
    await().atMost(Duration.ofSeconds(10)).until(() -> site.bridge.isReady(id));
    return sim;
  }

  /** The limit of the charger's newest TxProfile, W. */
  private static double txProfileLimitW(ChargePointSimulator sim) {
    var tx = sim.installedProfiles().stream().filter(p -> p.purpose().equals("TxProfile")).toList();
    assertThat(tx).isNotEmpty();
    return tx.get(tx.size() - 1).periods().get(0).limit();
  }

  @ParameterizedTest
  @EnumSource(OcppVersion.class)
  void aNewSessionDoesNotInheritThePreviousVehiclesSoc(OcppVersion v) {
    ChargePointSimulator sim = charging("cp-soc", v); // bus-17 at 40 %
    await().atMost(Duration.ofSeconds(5)).until(() -> h.sink.meters.stream().anyMatch(m -> m.getSocPct() != null));
    sim.plugOut(1).join();
    await().atMost(Duration.ofSeconds(5)).until(() -> h.sink.sessions.stream()
        .anyMatch(x -> x.getEvent() == SessionEvent.ENDED && x.getSocPct() != null));

    // The next vehicle arrives at 90 %: its STARTED record must not carry bus-17's last SoC (seen in the demo: a
    // bus plugging in where a full one had charged was reported at 100 %, and dispatch under-charged it).
    sim.plugIn(1, new SimVehicle("bus-18", 300, 90, 22, 0)).join();
    await().atMost(Duration.ofSeconds(5)).until(() -> h.sink.sessions.stream()
        .anyMatch(x -> x.getEvent() == SessionEvent.STARTED && "bus-18".equals(x.getVehicleId())));
    var started = h.sink.sessions.stream()
        .filter(x -> x.getEvent() == SessionEvent.STARTED && "bus-18".equals(x.getVehicleId())).findFirst().orElseThrow();
    if (started.getSocPct() != null) {
      assertThat(started.getSocPct()).isGreaterThanOrEqualTo(89.9); // only a SoC the charger reported for bus-18
    }
  }

  @ParameterizedTest
  @EnumSource(OcppVersion.class)
  void acceptsEnrolledChargerAndInstallsFailSafeDefaultProfile(OcppVersion v) {
    h.enroll("cp-boot");
    ChargePointSimulator sim = h.start(h.simConfig("cp-boot", v));
    await().atMost(Duration.ofSeconds(10)).until(() -> "Accepted".equals(sim.bootStatus()));
    await().atMost(Duration.ofSeconds(10)).until(() -> h.bridge.isReady("cp-boot"));
    assertThat(sim.installedProfiles()).anySatisfy(p -> {
      assertThat(p.purpose()).isEqualTo("TxDefaultProfile");
      assertThat(p.connectorId()).isZero();
      assertThat(p.kind()).isEqualTo("Relative");
      assertThat(p.validTo()).isNull();
      // 50 % of 22 kW, in W since the simulator accepts W
      assertThat(p.periods().get(0).limit()).isEqualTo(11_000.0);
    });
    await().atMost(Duration.ofSeconds(5)).until(() -> !h.sink.statuses.isEmpty());
    assertThat(h.sink.statuses.get(0).getOcppVersion()).isEqualTo(v.subprotocol());
  }

  @ParameterizedTest
  @EnumSource(OcppVersion.class)
  void deliversSetpointAsTxProfileAndPublishesMeterValues(OcppVersion v) {
    ChargePointSimulator sim = charging("cp-1", v);
    DispatchSetpoint sp = BridgeHarness.setpoint("cp-1", 7.4, Duration.ofMinutes(15));
    h.bridge.submit(sp);

    await().atMost(Duration.ofSeconds(5)).until(() -> h.sink.acks.stream()
        .anyMatch(a -> a.getSetpointId().equals(sp.getSetpointId()) && a.getStatus() == AckStatus.ACCEPTED));
    List<ChargePointSimulator.ReceivedCall> calls = sim.receivedCalls("SetChargingProfile");
    JsonNode profile = v == OcppVersion.V16 ? calls.get(calls.size() - 1).payload().get("csChargingProfiles")
        : calls.get(calls.size() - 1).payload().get("chargingProfile");
    assertThat(profile.get("chargingProfilePurpose").asString()).isEqualTo("TxProfile");
    assertThat(profile.get("transactionId").asString()).isEqualTo(h.bridge.runningTransactions("cp-1").get(1));
    assertThat(profile.has("validTo")).isTrue();

    await().atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(sim.connectorState(1).powerW()).isEqualTo(7400.0));
    await().atMost(Duration.ofSeconds(5)).until(() -> h.sink.meters.stream()
        .anyMatch(m -> m.getPowerKw() > 7.3 && m.getPowerKw() < 7.5 && m.getSocPct() != null));
    assertThat(h.sink.sessions).anyMatch(s -> s.getEvent() == SessionEvent.STARTED);
  }

  @Test
  void convertsKilowattsToAmperesPerPhaseForChargersThatOnlyTakeCurrent() {
    h.enroll("cp-amps");
    ChargePointSimulator sim = h.start(h.simConfig("cp-amps", OcppVersion.V16).withRateUnits(List.of("A")));
    await().atMost(Duration.ofSeconds(10)).until(() -> h.bridge.isReady("cp-amps"));
    sim.plugIn(1, new SimVehicle("bus-1", 300, 40, 22, 0)).join();
    h.bridge.submit(BridgeHarness.setpoint("cp-amps", 11.04, Duration.ofMinutes(15)));
    await().atMost(Duration.ofSeconds(5)).until(() -> sim.receivedCalls("SetChargingProfile").size() >= 2);
    JsonNode schedule = sim.receivedCalls("SetChargingProfile").get(1).payload().get("csChargingProfiles")
        .get("chargingSchedule");
    assertThat(schedule.get("chargingRateUnit").asString()).isEqualTo("A");
    JsonNode period = schedule.get("chargingSchedulePeriod").get(0);
    assertThat(period.get("limit").asDouble()).isEqualTo(16.0);
    assertThat(period.get("numberPhases").asInt()).isEqualTo(3);
  }

  @Test
  void latestSetpointWinsAndIsResentAfterReconnect() {
    ChargePointSimulator sim = charging("cp-re", OcppVersion.V201);
    h.bridge.submit(BridgeHarness.setpoint("cp-re", 5.0, Duration.ofMinutes(15)));
    DispatchSetpoint latest = BridgeHarness.setpoint("cp-re", 9.0, Duration.ofMinutes(15));
    h.bridge.submit(latest);
    await().atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(sim.connectorState(1).limitW()).isEqualTo(9000.0));
    int before = sim.receivedCalls("SetChargingProfile").size();

    sim.dropConnection();
    await().atMost(Duration.ofSeconds(10)).until(() -> sim.connectionCount() >= 2 && h.bridge.isReady("cp-re"));
    await().atMost(Duration.ofSeconds(10)).until(() -> sim.receivedCalls("SetChargingProfile").size() >= before + 2);
    JsonNode resent = sim.receivedCalls("SetChargingProfile").get(sim.receivedCalls("SetChargingProfile").size() - 1)
        .payload().get("chargingProfile");
    assertThat(resent.get("chargingProfilePurpose").asString()).isEqualTo("TxProfile");
    assertThat(resent.get("chargingSchedule").get(0).get("chargingSchedulePeriod").get(0).get("limit").asDouble())
        .isEqualTo(9000.0);
  }

  @Test
  void failSafeProfileExpiresAndTheDefaultRateApplies() {
    // Dispatch interval of 1 s and a multiple of 2: the TxProfile is valid for 2 s at most.
    try (BridgeHarness fs = new BridgeHarness(BridgeHarness.testConfig().withFailSafe(Duration.ofSeconds(1), 2, 0.25))) {
      fs.enroll("cp-fs");
      ChargePointSimulator sim = fs.start(fs.simConfig("cp-fs", OcppVersion.V16));
      await().atMost(Duration.ofSeconds(10)).until(() -> fs.bridge.isReady("cp-fs"));
      sim.plugIn(1, new SimVehicle("bus-2", 300, 40, 22, 0)).join();
      fs.bridge.submit(BridgeHarness.setpoint("cp-fs", 18.0, Duration.ofHours(1)));
      await().atMost(Duration.ofSeconds(5))
          .untilAsserted(() -> assertThat(sim.connectorState(1).limitW()).isEqualTo(18_000.0));
      // The platform goes silent: after validTo the TxDefaultProfile (25 % of 22 kW) applies again.
      await().atMost(Duration.ofSeconds(6))
          .untilAsserted(() -> assertThat(sim.connectorState(1).limitW()).isEqualTo(5_500.0));
      assertThat(sim.connectorState(1).powerW()).isEqualTo(5_500.0);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void dischargesThroughCentralSetpointOnBidirectional21Chargers() {
    h.enrollBidirectional("cp-v2x");
    ChargePointSimulator sim = h.start(h.simConfig("cp-v2x", OcppVersion.V21).withBidirectional(true)
        .withPower(11.0, 3).withMeterInterval(Duration.ofSeconds(1)));
    await().atMost(Duration.ofSeconds(10)).until(() -> h.bridge.isReady("cp-v2x"));
    sim.plugIn(1, new SimVehicle("van-3", 75, 70, 11, 10)).join();
    DispatchSetpoint sp = BridgeHarness.setpoint("cp-v2x", -6.0, Duration.ofMinutes(15));
    h.bridge.submit(sp);
    await().atMost(Duration.ofSeconds(5)).until(() -> h.sink.acks.stream()
        .anyMatch(a -> a.getSetpointId().equals(sp.getSetpointId()) && a.getStatus() == AckStatus.ACCEPTED));
    JsonNode period = sim.receivedCalls("SetChargingProfile").get(1).payload().get("chargingProfile")
        .get("chargingSchedule").get(0).get("chargingSchedulePeriod").get(0);
    assertThat(period.get("operationMode").asString()).isEqualTo("CentralSetpoint");
    assertThat(period.get("setpoint").asDouble()).isEqualTo(-6000.0);
    assertThat(period.get("dischargeLimit").asDouble()).isEqualTo(-6000.0);
    await().atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(sim.connectorState(1).powerW()).isEqualTo(-6000.0));
    await().atMost(Duration.ofSeconds(5)).until(() -> h.sink.meters.stream().anyMatch(m -> m.getPowerKw() < -5.9));
  }

  @Test
  void refusesDischargeOnUnidirectionalChargersWithAZeroLimit() {
    charging("cp-uni", OcppVersion.V201);
    DispatchSetpoint sp = BridgeHarness.setpoint("cp-uni", -5.0, Duration.ofMinutes(15));
    h.bridge.submit(sp);
    await().atMost(Duration.ofSeconds(5)).until(() -> h.sink.acks.stream()
        .anyMatch(a -> a.getSetpointId().equals(sp.getSetpointId()) && a.getStatus() == AckStatus.NOT_SUPPORTED
            && a.getAppliedPowerKw() == 0.0));
  }

  @Test
  void acksNotConnectedAndDeliversWhenTheChargerComesOnline() {
    h.enroll("cp-late");
    DispatchSetpoint sp = BridgeHarness.setpoint("cp-late", 6.0, Duration.ofMinutes(15));
    h.bridge.submit(sp);
    assertThat(h.sink.acks).anyMatch(a -> a.getStatus() == AckStatus.NOT_CONNECTED);
    ChargePointSimulator sim = h.start(h.simConfig("cp-late", OcppVersion.V16));
    await().atMost(Duration.ofSeconds(10)).until(() -> h.bridge.isReady("cp-late"));
    sim.plugIn(1, new SimVehicle("bus-9", 300, 40, 22, 0)).join();
    await().atMost(Duration.ofSeconds(5)).until(() -> h.sink.acks.stream()
        .anyMatch(a -> a.getSetpointId().equals(sp.getSetpointId()) && a.getStatus() == AckStatus.ACCEPTED));
  }

  @Test
  void timesOutWhenTheChargerDoesNotAnswer() throws Exception {
    try (BridgeHarness t = new BridgeHarness(BridgeHarness.testConfig()
        .withRpc(BridgeHarness.testConfig().rpc().withCallTimeout(Duration.ofMillis(500))))) {
      t.enroll("cp-mute");
      RawOcppClient raw = RawOcppClient.connect(t.client, t.bridge.endpoint(), "cp-mute", "ocpp1.6",
          BridgeHarness.PASSWORD);
      raw.send("[2,\"b1\",\"BootNotification\",{\"chargePointVendor\":\"V\",\"chargePointModel\":\"M\"}]");
      raw.send("[2,\"s1\",\"StartTransaction\",{\"connectorId\":1,\"idTag\":\"X\",\"meterStart\":0,"
          + "\"timestamp\":\"2025-01-01T00:00:00Z\"}]");
      // The raw client never answers GetConfiguration / SetChargingProfile: both time out, then the setpoint does.
      await().atMost(Duration.ofSeconds(5)).until(() -> t.bridge.isReady("cp-mute"));
      DispatchSetpoint sp = BridgeHarness.setpoint("cp-mute", 6.0, Duration.ofMinutes(15));
      t.bridge.submit(sp);
      await().atMost(Duration.ofSeconds(5)).until(() -> t.sink.acks.stream()
          .anyMatch(a -> a.getSetpointId().equals(sp.getSetpointId()) && a.getStatus() == AckStatus.TIMEOUT));
      assertThat(raw.isOpen()).isTrue();
      raw.close();
    }
  }

  @Test
  void clearsProfilesAndReadsCompositeScheduleAndStartsRemotely() throws Exception {
    ChargePointSimulator sim = charging("cp-cmd", OcppVersion.V16);
    h.bridge.submit(BridgeHarness.setpoint("cp-cmd", 8.0, Duration.ofMinutes(15)));
    await().atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(sim.connectorState(1).limitW()).isEqualTo(8000.0));
    JsonNode composite = h.bridge.compositeSchedule("cp-cmd", 1, Duration.ofMinutes(10)).get();
    assertThat(composite.get("status").asString()).isEqualTo("Accepted");
    assertThat(composite.get("chargingSchedule").get("chargingSchedulePeriod").get(0).get("limit").asDouble())
        .isEqualTo(8000.0);
    assertThat(h.bridge.clearTxProfile("cp-cmd", 1).get().get("status").asString()).isEqualTo("Accepted");
    await().atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(sim.connectorState(1).limitW()).isEqualTo(11_000.0));
    String tx = h.bridge.runningTransactions("cp-cmd").get(1);
    assertThat(h.bridge.remoteStop("cp-cmd", tx).get().get("status").asString()).isEqualTo("Accepted");
    await().atMost(Duration.ofSeconds(5)).until(() -> h.sink.sessions.stream()
        .anyMatch(s -> s.getEvent() == SessionEvent.ENDED && s.getSessionId().equals(tx)));
    assertThat(h.bridge.remoteStart("cp-cmd", 1, "bus-17").get().get("status").asString()).isEqualTo("Accepted");
    await().atMost(Duration.ofSeconds(5)).until(() -> h.sink.sessions.stream()
        .filter(s -> s.getEvent() == SessionEvent.STARTED).count() == 2);
  }
}
