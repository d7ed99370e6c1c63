package energy.vgf.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import energy.vgf.dispatch.DispatchSetpoint;
import energy.vgf.dispatch.SetpointReason;
import energy.vgf.dispatch.SetpointStep;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimeRelayTest {

  @Test
  void mapsEveryTimestampOfASetpointItsStepsIncluded() {
    Instant sim = Instant.parse("2026-01-12T18:00:00Z");
    DispatchSetpoint sp = DispatchSetpoint.newBuilder().setSetpointId("s").setPlanId("p").setSiteId("depot")
        .setChargerId("cp-1").setPowerKw(22).setValidFrom(sim).setValidTo(sim.plusSeconds(3_600))
        .setSteps(List.of(new SetpointStep(sim.plusSeconds(900), 11.0)))
        .setReason(SetpointReason.OPTIMIZER).setCreatedAt(sim).build();

    TimeRelay.mapTimestamps(sp, t -> t.plus(Duration.ofDays(1)));

    assertThat(sp.getValidFrom()).isEqualTo(sim.plus(Duration.ofDays(1)));
    assertThat(sp.getValidTo()).isEqualTo(sim.plusSeconds(3_600).plus(Duration.ofDays(1)));
    assertThat(sp.getSteps().get(0).getStart()).isEqualTo(sim.plusSeconds(900).plus(Duration.ofDays(1)));
    assertThat(sp.getSteps().get(0).getPowerKw()).isEqualTo(11.0);
  }
}
