package energy.vgf.cli;

import energy.vgf.cli.connect.ConnectCommand;
import energy.vgf.cli.demo.DemoCommand;
import energy.vgf.cli.flink.JobsCommand;
import energy.vgf.cli.flink.StreamingBenchCommand;
import energy.vgf.cli.lakehouse.CatalogCommand;
import energy.vgf.cli.lakehouse.ReportCommand;
import energy.vgf.cli.lakehouse.SettleCommand;
import energy.vgf.cli.lakehouse.SettlementBenchCommand;
import energy.vgf.cli.lakehouse.TrinoCommand;
import energy.vgf.cli.ocpp.BridgeBenchCommand;
import energy.vgf.cli.ocpp.BridgeCommand;
import energy.vgf.cli.ocpp.ChargersCommand;
import energy.vgf.cli.ocpp.ChargersSimCommand;
import energy.vgf.cli.ocpp.SetpointCommand;
import energy.vgf.cli.optimize.OptimizeCommand;
import energy.vgf.cli.optimize.OptimizerBenchCommand;
import energy.vgf.cli.platform.KafkaCommand;
import energy.vgf.cli.platform.RegistryCommand;
import energy.vgf.cli.platform.TopicsCommand;
import energy.vgf.cli.simulate.SimulateCommand;
import energy.vgf.cli.simulate.SimulatorBenchCommand;
import energy.vgf.cli.simulate.TwinCommand;
import energy.vgf.cli.stack.StackCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The one front door: {@code ./vgf <command>}. Every capability is a subcommand with --help. */
@Command(name = "vgf", mixinStandardHelpOptions = true, version = "vgf 0.1.0",
    description = "Virtual Green Fleet Orchestrator: EV fleets as a dispatchable virtual power plant.",
    subcommands = {
        DemoCommand.class,
        KafkaCommand.class,
        RegistryCommand.class,
        TopicsCommand.class,
        OptimizeCommand.class,
        BridgeCommand.class,
        ChargersCommand.class,
        SetpointCommand.class,
        ChargersSimCommand.class,
        SimulateCommand.class,
        TwinCommand.class,
        ConnectCommand.class,
        JobsCommand.class,
        CatalogCommand.class,
        TrinoCommand.class,
        SettleCommand.class,
        ReportCommand.class,
        StackCommand.class,
        Vgf.Bench.class,
        CommandLine.HelpCommand.class})
public final class Vgf implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  public static CommandLine commandLine() {
    return new CommandLine(new Vgf()).setCaseInsensitiveEnumValuesAllowed(true);
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** {@code ./vgf bench <area>}: each prints progress on stderr and its figures as one JSON line last. */
  @Command(name = "bench", mixinStandardHelpOptions = true,
      description = "Benchmarks; each prints its figures as one JSON line last.",
      subcommands = {OptimizerBenchCommand.class, BridgeBenchCommand.class, SimulatorBenchCommand.class,
          StreamingBenchCommand.class, SettlementBenchCommand.class})
  static final class Bench implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      spec.commandLine().usage(System.out);
    }
  }
}
