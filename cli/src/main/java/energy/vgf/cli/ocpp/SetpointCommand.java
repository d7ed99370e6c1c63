package energy.vgf.cli.ocpp;

import energy.vgf.dispatch.DispatchSetpoint;
import energy.vgf.dispatch.SetpointReason;
import energy.vgf.ocpp.kafka.SetpointPublisher;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vgf setpoint}: an operator's manual override, delivered by the bridge like any other setpoint. */
@Command(name = "setpoint", mixinStandardHelpOptions = true,
    description = "Publish a manual DispatchSetpoint for one charger (+ charge, - discharge).")
public final class SetpointCommand implements Callable<Integer> {
  @Mixin KafkaOptions kafka;

  @Option(names = "--charger", required = true, description = "Charge point id.")
  String chargerId;

  @Option(names = "--kw", required = true, description = "Signed power in kW: + charge, - discharge (V2G); e.g. --kw -5 or --kw=-5.")
  double kw;

  @Option(names = "--minutes", defaultValue = "15", description = "Validity in minutes from now (default: ${DEFAULT-VALUE}).")
  long minutes;

  @Option(names = "--connector", description = "Connector / EVSE; default: the one with the running transaction.")
  Integer connectorId;

  @Option(names = "--site", defaultValue = "unknown", description = "Depot site id (default: ${DEFAULT-VALUE}).")
  String siteId;

  @Override
  public Integer call() {
    if (minutes < 1) {
      System.err.println("--minutes must be >= 1, got " + minutes);
      return 2;
    }
    Instant now = Instant.now();
    DispatchSetpoint sp = DispatchSetpoint.newBuilder().setSetpointId("manual-" + UUID.randomUUID())
        .setPlanId("manual-override").setSiteId(siteId).setChargerId(chargerId).setConnectorId(connectorId)
        .setPowerKw(kw).setValidFrom(now).setValidTo(now.plus(Duration.ofMinutes(minutes)))
        .setReason(SetpointReason.MANUAL_OVERRIDE).setCreatedAt(now).build();
    try (SetpointPublisher publisher = new SetpointPublisher(kafka.settings("vgf-setpoint"))) {
      publisher.publish(sp);
    }
    System.out.println("published " + sp.getSetpointId() + ": " + chargerId + " " + kw + " kW until "
        + sp.getValidTo());
    return 0;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new SetpointCommand()).execute(args));
  }
}
