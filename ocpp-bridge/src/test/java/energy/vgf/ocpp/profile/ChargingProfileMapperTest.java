package energy.vgf.ocpp.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import energy.vgf.ocpp.rpc.OcppVersion;
import energy.vgf.ocpp.validation.OcppSchemaValidator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ChargingProfileMapperTest {
  private static final Instant NOW = Instant.parse("2025-06-01T10:00:00.123Z");

  private static ChargerCapabilities caps(OcppVersion v, String unit) {
    return new ChargerCapabilities(v, unit, 3, 230.0, 22.0, 4.14, true);
  }

  private static JsonNode profile(OcppVersion v, JsonNode req) {
    return v == OcppVersion.V16 ? req.get("csChargingProfiles") : req.get("chargingProfile");
  }

  private static JsonNode schedule(OcppVersion v, JsonNode req) {
    return v == OcppVersion.V16 ? profile(v, req).get("chargingSchedule") : profile(v, req).get("chargingSchedule").get(0);
  }

  @ParameterizedTest
  @EnumSource(OcppVersion.class)
  void txProfilesAndDefaultProfilesAreValidAgainstTheOfficialSchemas(OcppVersion v) {
    for (String unit : new String[] {"W", "A"}) {
      for (double kw : new double[] {0, 3.3, 7.77, 22, 50, -5}) {
        MappedProfile m = ChargingProfileMapper.txProfile(caps(v, unit), 1, v == OcppVersion.V16 ? "42" : "tx-1", kw,
            NOW, NOW.plus(Duration.ofMinutes(15)), NOW, Duration.ofMinutes(30));
        assertThatCode(() -> OcppSchemaValidator.shared().validateRequest(v, "SetChargingProfile", m.request()))
            .as("%s %s %s kW: %s", v, unit, kw, m.request()).doesNotThrowAnyException();
      }
      assertThatCode(() -> OcppSchemaValidator.shared().validateRequest(v, "SetChargingProfile",
          ChargingProfileMapper.txDefaultProfile(caps(v, unit), 11))).doesNotThrowAnyException();
    }
    assertThatCode(() -> OcppSchemaValidator.shared().validateRequest(v, "ClearChargingProfile",
        ChargingProfileMapper.clearTxProfile(v, 1))).doesNotThrowAnyException();
    assertThatCode(() -> OcppSchemaValidator.shared().validateRequest(v, "GetCompositeSchedule",
        ChargingProfileMapper.getCompositeSchedule(v, 1, Duration.ofHours(1), "W"))).doesNotThrowAnyException();
  }

  @Test
  void validToIsTheEarlierOfTheSetpointEndAndTheFailSafeLimit() {
    MappedProfile m = ChargingProfileMapper.txProfile(caps(OcppVersion.V201, "W"), 1, "tx", 7, NOW,
        NOW.plus(Duration.ofHours(2)), NOW, Duration.ofMinutes(30));
    assertThat(profile(OcppVersion.V201, m.request()).get("validTo").asString()).isEqualTo("2025-06-01T10:30:01Z"); // NOW is 10:00:00.123; the end rounds up
    MappedProfile shorter = ChargingProfileMapper.txProfile(caps(OcppVersion.V201, "W"), 1, "tx", 7, NOW,
        NOW.plus(Duration.ofMinutes(10)), NOW, Duration.ofMinutes(30));
    assertThat(profile(OcppVersion.V201, shorter.request()).get("validTo").asString())
        .isEqualTo("2025-06-01T10:10:01Z");
  }

  @Test
  void aProfileEndsNoEarlierThanItsSetpointWhenTheEndFallsBetweenSeconds() {
    // Whole seconds on the wire: rounding the end down would hand the charger to its fail-safe rate early.
    Instant end = NOW.plusMillis(1_200);
    MappedProfile m = ChargingProfileMapper.txProfile(caps(OcppVersion.V16, "W"), 1, "42", 0, NOW, end,
        NOW.plusMillis(100), Duration.ofMinutes(30));
    assertThat(profile(OcppVersion.V16, m.request()).get("validTo").asString()).isEqualTo("2025-06-01T10:00:02Z");
    assertThat(m.validTo()).isEqualTo(Instant.parse("2025-06-01T10:00:02Z"));
    assertThat(schedule(OcppVersion.V16, m.request()).get("duration").asLong()).isEqualTo(2);
  }

  @Test
  void convertsPowerToAmperesPerPhaseRoundedDown() {
    MappedProfile m = ChargingProfileMapper.txProfile(caps(OcppVersion.V16, "A"), 2, "42", 11.0, NOW,
        NOW.plus(Duration.ofMinutes(15)), NOW, Duration.ofMinutes(30));
    JsonNode period = schedule(OcppVersion.V16, m.request()).get("chargingSchedulePeriod").get(0);
    assertThat(period.get("limit").asDouble()).isEqualTo(15.9); // 11000 / (3 * 230) = 15.94
    assertThat(period.get("numberPhases").asInt()).isEqualTo(3);
    assertThat(m.appliedPowerKw()).isCloseTo(10.971, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(m.request().get("connectorId").asInt()).isEqualTo(2);
    assertThat(profile(OcppVersion.V16, m.request()).get("transactionId").asInt()).isEqualTo(42);
  }

  @Test
  void clampsToHardwareLimitsAndMinimumCurrent() {
    ChargerCapabilities c = caps(OcppVersion.V201, "W");
    assertThat(ChargingProfileMapper.clampToHardware(c, 50)).isEqualTo(22.0);
    assertThat(ChargingProfileMapper.clampToHardware(c, 3.0)).isEqualTo(4.14);
    assertThat(ChargingProfileMapper.clampToHardware(c, 1.0)).isEqualTo(0.0);
  }

  @Test
  void negativeSetpointUsesCentralSetpointOnlyOnBidirectional21() {
    MappedProfile v2x = ChargingProfileMapper.txProfile(caps(OcppVersion.V21, "W"), 1, "tx", -7.5, NOW,
        NOW.plus(Duration.ofMinutes(15)), NOW, Duration.ofMinutes(30));
    JsonNode p = schedule(OcppVersion.V21, v2x.request()).get("chargingSchedulePeriod").get(0);
    assertThat(p.get("operationMode").asString()).isEqualTo("CentralSetpoint");
    assertThat(p.get("setpoint").asDouble()).isEqualTo(-7500.0);
    assertThat(p.get("dischargeLimit").asDouble()).isEqualTo(-7500.0);
    assertThat(v2x.appliedPowerKw()).isEqualTo(-7.5);
    assertThat(v2x.dischargeRefused()).isFalse();

    MappedProfile v201 = ChargingProfileMapper.txProfile(caps(OcppVersion.V201, "W"), 1, "tx", -7.5, NOW,
        NOW.plus(Duration.ofMinutes(15)), NOW, Duration.ofMinutes(30));
    assertThat(schedule(OcppVersion.V201, v201.request()).get("chargingSchedulePeriod").get(0).get("limit").asDouble())
        .isZero();
    assertThat(v201.dischargeRefused()).isTrue();
  }
  @Test
  void aLateSetpointStartsAtTheStepInForceAndKeepsItsLaterSteps() {
    // Planned at 09:30 for 09:30-09:45, 09:45-10:00 and 10:00-10:15; it reaches the charger at 09:50.
    Instant planned = Instant.parse("2025-06-01T09:30:00Z");
    Instant arrival = Instant.parse("2025-06-01T09:50:00.400Z");
    List<PowerStep> steps = List.of(new PowerStep(planned, 22), new PowerStep(planned.plusSeconds(900), 11),
        new PowerStep(planned.plusSeconds(1800), 0));
    MappedProfile m = ChargingProfileMapper.txProfile(caps(OcppVersion.V201, "W"), 1, "tx", steps,
        planned.plusSeconds(2700), arrival, Duration.ofHours(1));
    JsonNode periods = schedule(OcppVersion.V201, m.request()).get("chargingSchedulePeriod");
    assertThat(periods).hasSize(2);
    assertThat(periods.get(0).get("startPeriod").asLong()).isZero();
    assertThat(periods.get(0).get("limit").asDouble()).isEqualTo(11000.0); // not the 22 kW of a past interval
    assertThat(periods.get(1).get("startPeriod").asLong()).isEqualTo(600); // 10:00 from 09:50:00
    assertThat(periods.get(1).get("limit").asDouble()).isZero();
    assertThat(m.appliedSteps()).containsExactly(new PowerStep(Instant.parse("2025-06-01T09:50:00Z"), 11.0),
        new PowerStep(Instant.parse("2025-06-01T10:00:00Z"), 0.0));
    assertThat(m.appliedPowerKw()).isEqualTo(11.0);
    assertThatCode(() -> OcppSchemaValidator.shared().validateRequest(OcppVersion.V201, "SetChargingProfile",
        m.request())).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @EnumSource(OcppVersion.class)
  void steppedProfilesAreValidAgainstTheOfficialSchemas(OcppVersion v) {
    List<PowerStep> steps = List.of(new PowerStep(NOW, 7), new PowerStep(NOW.plusSeconds(60), -5),
        new PowerStep(NOW.plusSeconds(120), 22));
    for (String unit : new String[] {"W", "A"}) {
      MappedProfile m = ChargingProfileMapper.txProfile(caps(v, unit), 1, v == OcppVersion.V16 ? "42" : "tx-1", steps,
          NOW.plusSeconds(300), NOW, Duration.ofMinutes(30));
      assertThat(schedule(v, m.request()).get("chargingSchedulePeriod")).hasSize(3);
      assertThatCode(() -> OcppSchemaValidator.shared().validateRequest(v, "SetChargingProfile", m.request()))
          .as("%s %s: %s", v, unit, m.request()).doesNotThrowAnyException();
    }
  }

  @Test
  void stepsStartOnTheirNearestWholeSecondAndCloserOnesCollapseOntoTheLater() {
    // An accelerated twin: a 15-minute interval is 0.6 wall seconds, below a schedule's resolution.
    List<PowerStep> steps = List.of(new PowerStep(NOW, 10), new PowerStep(NOW.plusMillis(300), 20),
        new PowerStep(NOW.plusMillis(900), 5), new PowerStep(NOW.plusMillis(1_500), 8));
    MappedProfile m = ChargingProfileMapper.txProfile(caps(OcppVersion.V16, "W"), 1, "42", steps,
        NOW.plusSeconds(3), NOW, Duration.ofMinutes(30));
    // 10:00:00.123 is sent as 10:00:00; 0.423 rounds to :00 (replaces 10 kW), 1.023 to :01, 1.623 to :02.
    assertThat(m.appliedSteps()).containsExactly(new PowerStep(Instant.parse("2025-06-01T10:00:00Z"), 20.0),
        new PowerStep(Instant.parse("2025-06-01T10:00:01Z"), 5.0), new PowerStep(Instant.parse("2025-06-01T10:00:02Z"), 8.0));
    JsonNode periods = schedule(OcppVersion.V16, m.request()).get("chargingSchedulePeriod");
    assertThat(periods.get(0).get("startPeriod").asLong()).isZero();
    assertThat(periods.get(1).get("startPeriod").asLong()).isEqualTo(1);
    assertThat(periods.get(2).get("startPeriod").asLong()).isEqualTo(2);
  }

  @Test
  void stepsAfterTheProfileEndsAreLeftOutAndRepeatedLimitsMerge() {
    List<PowerStep> steps = List.of(new PowerStep(NOW, 10), new PowerStep(NOW.plusSeconds(60), 10.00004),
        new PowerStep(NOW.plusSeconds(3_600), 0));
    MappedProfile m = ChargingProfileMapper.txProfile(caps(OcppVersion.V201, "W"), 1, "tx", steps,
        NOW.plusSeconds(7_200), NOW, Duration.ofMinutes(30));
    assertThat(m.appliedSteps()).hasSize(1); // 10.00004 kW is sent as 10000.0 W too; the 0 kW step is after the end
    assertThat(schedule(OcppVersion.V201, m.request()).get("chargingSchedulePeriod")).hasSize(1);
  }

  @Test
  void theFirstPeriodStartsWithTheProfileWhenValidFromFallsBetweenSeconds() {
    Instant validFrom = NOW.plusMillis(600); // 10:00:00.723, sent as 10:00:00
    MappedProfile m = ChargingProfileMapper.txProfile(caps(OcppVersion.V201, "W"), 1, "tx", 16, validFrom,
        validFrom.plusSeconds(5), NOW, Duration.ofMinutes(30));
    assertThat(schedule(OcppVersion.V201, m.request()).get("chargingSchedulePeriod").get(0).get("startPeriod").asLong())
        .isZero();
    assertThat(m.appliedSteps().get(0).start()).isEqualTo(Instant.parse("2025-06-01T10:00:00Z"));
  }
}
