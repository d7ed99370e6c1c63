package energy.vgf.cli.simulate;

import energy.vgf.ocpp.kafka.EnrollmentTopic;
import energy.vgf.ocpp.kafka.KafkaSettings;
import energy.vgf.ocpp.security.EnrolledCharger;
import energy.vgf.ocpp.security.PasswordHasher;
import energy.vgf.simulator.scenario.Scenario;
import energy.vgf.simulator.twin.TwinCharger;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Enrols a scenario's twin chargers on the enrolment topic as {@code vgf chargers add} does: a fresh password per
 * charger, only its hash on the topic. The passwords stay in memory, for the twin to connect with.
 */
public final class TwinEnrolment {

  private TwinEnrolment() {
  }

  /**
   * Publishes every twin charger of {@code scenario} and returns its password by charger id. {@code hashIterations}
   * is carried by the hash: a low count keeps a few hundred enrolments of a throw-away run fast.
   */
  public static Map<String, String> enrol(Scenario scenario, KafkaSettings kafka, int hashIterations) {
    Map<String, String> passwords = new HashMap<>();
    for (TwinCharger c : TwinCharger.of(scenario)) {
      String pw = PasswordHasher.generatePassword();
      EnrollmentTopic.publish(kafka, new EnrolledCharger(c.chargerId(), c.depotId(),
          PasswordHasher.hash(pw, hashIterations), c.bidirectional(), c.maxPowerKw(), c.minPowerKw(), c.phases(),
          c.voltageV(), Instant.now()));
      passwords.put(c.chargerId(), pw);
    }
    return passwords;
  }
}
