package energy.vgf.cli.ocpp;

import energy.vgf.ocpp.kafka.EnrollmentTopic;
import energy.vgf.ocpp.security.EnrolledCharger;
import energy.vgf.ocpp.security.PasswordHasher;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vgf chargers add|list|remove}: operators enrol chargers on the compacted enrolment topic. */
@Command(name = "chargers", mixinStandardHelpOptions = true,
    description = "Enrol, list and remove chargers of the OCPP bridge.",
    subcommands = {ChargersCommand.Add.class, ChargersCommand.ListCmd.class, ChargersCommand.Remove.class})
public final class ChargersCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    new CommandLine(this).usage(System.out);
    return 0;
  }

  @Command(name = "add", mixinStandardHelpOptions = true,
      description = "Enrol a charger and print its generated password (shown once, stored only as a hash).")
  static final class Add implements Callable<Integer> {
    @Mixin KafkaOptions kafka;

    @Parameters(index = "0", description = "Charge point id (as in the OCPP URL and certificate CN), at most 48 characters.")
    String chargerId;

    @Option(names = "--bidirectional", description = "The charger can discharge (OCPP 2.1 V2X).")
    boolean bidirectional;

    @Option(names = "--max-kw", defaultValue = "22", description = "Maximum power in kW (default: ${DEFAULT-VALUE}).")
    double maxKw;

    @Option(names = "--min-kw", description = "Lowest non-zero power in kW (default: 6 A per phase).")
    Double minKw;

    @Option(names = "--phases", defaultValue = "3", description = "AC phases 1 or 3, 0 for DC (default: ${DEFAULT-VALUE}).")
    int phases;

    @Option(names = "--voltage", defaultValue = "230", description = "Phase voltage in V (default: ${DEFAULT-VALUE}).")
    double voltageV;

    @Option(names = "--site", description = "Depot site id.")
    String siteId;

    @Option(names = "--certificate-only", description = "No password: the charger authenticates with a client certificate (profile 3).")
    boolean certificateOnly;

    @Override
    public Integer call() {
      if (chargerId.isEmpty() || chargerId.length() > 48 || chargerId.contains(":") || chargerId.contains("/")) {
        System.err.println("charger id must be 1-48 characters without ':' or '/': " + chargerId);
        return 2;
      }
      if (phases != 0 && phases != 1 && phases != 3) {
        System.err.println("--phases must be 0, 1 or 3, got " + phases);
        return 2;
      }
      double min = minKw != null ? minKw : phases == 0 ? 0.0 : 6.0 * voltageV * phases / 1000.0;
      String password = certificateOnly ? null : PasswordHasher.generatePassword();
      EnrolledCharger charger = new EnrolledCharger(chargerId, siteId,
          password == null ? null : PasswordHasher.hash(password), bidirectional, maxKw, min, phases, voltageV,
          Instant.now());
      EnrollmentTopic.publish(kafka.settings("vgf-chargers"), charger);
      System.out.println("enrolled " + chargerId);
      if (password != null) {
        System.out.println("password: " + password);
        System.out.println("(shown once; only its hash is stored)");
      }
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List enrolled chargers.")
  static final class ListCmd implements Callable<Integer> {
    @Mixin KafkaOptions kafka;

    @Override
    public Integer call() {
      Map<String, EnrolledCharger> all = EnrollmentTopic.readAll(kafka.settings("vgf-chargers"));
      System.out.printf(Locale.ROOT, "%-24s %-12s %7s %7s %6s %5s %s%n", "CHARGER", "SITE", "MAX_KW", "MIN_KW",
          "PHASES", "V2X", "ENROLLED");
      for (EnrolledCharger c : all.values()) {
        System.out.printf(Locale.ROOT, "%-24s %-12s %7.1f %7.2f %6d %5s %s%n", c.chargerId(),
            c.siteId() == null ? "-" : c.siteId(), c.maxKw(), c.minKw(), c.phases(), c.bidirectional() ? "yes" : "no",
            c.enrolledAt());
      }
      return 0;
    }
  }

  @Command(name = "remove", mixinStandardHelpOptions = true,
      description = "Remove a charger; a running bridge disconnects it and refuses it from then on.")
  static final class Remove implements Callable<Integer> {
    @Mixin KafkaOptions kafka;

    @Parameters(index = "0", description = "Charge point id.")
    String chargerId;

    @Override
    public Integer call() {
      EnrollmentTopic.remove(kafka.settings("vgf-chargers"), chargerId);
      System.out.println("removed " + chargerId);
      return 0;
    }
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new ChargersCommand()).execute(args));
  }
}
