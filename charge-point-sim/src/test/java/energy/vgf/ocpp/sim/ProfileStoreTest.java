package energy.vgf.ocpp.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProfileStoreTest {
  private static final Instant T0 = Instant.parse("2025-06-01T10:00:00Z");

  private static ProfileStore.Installed profile(int id, int connector, int level, String purpose, String kind,
      String tx, Instant validTo, String unit, double limit) {
    return new ProfileStore.Installed(connector, id, level, purpose, kind, tx, null, validTo, T0, null, unit,
        List.of(new ProfileStore.Period(0, limit, null, null, null, null)));
  }

  @Test
  void txProfileOverrulesTheDefaultWhileValidThenTheDefaultApplies() {
    ProfileStore store = new ProfileStore();
    store.install(profile(1, 0, 0, "TxDefaultProfile", "Relative", null, null, "W", 5000));
    store.install(profile(1001, 1, 1, "TxProfile", "Absolute", "tx-1", T0.plusSeconds(60), "W", 9000));
    assertThat(store.effective(1, "tx-1", T0, T0.plusSeconds(30), 230, 3, 22000).limitW()).isEqualTo(9000);
    // OCPP 1.6 §3.13.4: after validTo the TxProfile no longer applies.
    assertThat(store.effective(1, "tx-1", T0, T0.plusSeconds(61), 230, 3, 22000).limitW()).isEqualTo(5000);
    // A TxProfile of another transaction does not apply.
    assertThat(store.effective(1, "tx-2", T0, T0.plusSeconds(30), 230, 3, 22000).limitW()).isEqualTo(5000);
  }

  @Test
  void convertsAmperesWithPhasesAndVoltage() {
    ProfileStore store = new ProfileStore();
    store.install(profile(1, 0, 0, "TxDefaultProfile", "Relative", null, null, "A", 16));
    assertThat(store.effective(1, "tx", T0, T0, 230, 3, 22000).limitW()).isEqualTo(16 * 230 * 3);
  }

  @Test
  void sameIdOrSameStackLevelAndPurposeReplaces() {
    ProfileStore store = new ProfileStore();
    store.install(profile(1001, 1, 1, "TxProfile", "Absolute", "tx", null, "W", 9000));
    store.install(profile(1002, 1, 1, "TxProfile", "Absolute", "tx", null, "W", 4000));
    assertThat(store.all()).hasSize(1);
    assertThat(store.effective(1, "tx", T0, T0, 230, 3, 22000).limitW()).isEqualTo(4000);
  }

  @Test
  void vehicleTapersAboveEightyPercent() {
    SimVehicle v = new SimVehicle("ev", 60, 50, 11, 0);
    assertThat(v.acceptedChargeKw(50)).isEqualTo(11);
    assertThat(v.acceptedChargeKw(90)).isEqualTo(5.5);
    assertThat(v.acceptedChargeKw(100)).isZero();
  }
}
