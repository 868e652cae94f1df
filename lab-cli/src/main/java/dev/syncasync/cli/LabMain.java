package dev.syncasync.cli;

import dev.syncasync.bench.BenchCommand;
import dev.syncasync.bench.TasksCommand;
import dev.syncasync.commandline.Cli;
import dev.syncasync.commandline.Version;
import dev.syncasync.demo.DemoCommand;
import dev.syncasync.demo.GatlingCommand;
import dev.syncasync.demo.PlanCommand;
import dev.syncasync.experiments.ChaosCommand;
import dev.syncasync.experiments.SweepCommand;
import dev.syncasync.logging.Logging;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;

/**
 * {@code ./lab}: one command with a subcommand per thing the lab does, one class each. A new
 * subcommand is a class with {@code @Command(name = ...)} added to {@link #commandLine()}.
 * {@code sweep} and {@code chaos} are listed and documented here but run from
 * {@code experiments.jar} (the {@code lab} script dispatches them), so docker-java stays out of
 * {@code lab.jar}.
 */
@Command(name = "lab", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Sync or async? Measure it on real servers: a balancer in front of blocking workers, "
                + "event-loop workers or virtual-thread workers, checked against the queueing theory.", ""},
        commandListHeading = "%nCommands:%n",
        footerHeading = "%n",
        footer = {"'./lab COMMAND --help' tells more. Options take their value as --name VALUE or --name=VALUE.",
            "",
            "Environment: LAB_LOG_LEVEL (TRACE..ERROR, default INFO), LAB_LOG_FORMAT=json, LAB_LIBS_LOG_LEVEL, "
                + "JAVA_OPTS (extra JVM flags), LAB_<SECTION>_<KEY> overrides a config key.",
            "",
            "Exit codes: 0 done (or every measurement agrees with the theory), 1 failed at run time (or a "
                + "measurement disagrees), 2 fix something first (the command line, a config file, a "
                + "prerequisite), 3 (demo, plan --verify, sweep) nothing disagrees but some row was disturbed by other processes."})
public final class LabMain implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private LabMain() {
    }

    /** {@code ./lab} alone: the help, on stdout. */
    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        Logging.init();
        if (BenchVsHaproxy.handles(args)) {
            // A script of its own (HAProxy, wrk and hey drive it), with the script's options.
            System.exit(BenchVsHaproxy.run(args, java.nio.file.Path.of(System.getProperty("lab.home", "."))
                    .toAbsolutePath().normalize(), BenchVsHaproxy::onPath, System.err));
        }
        System.exit(commandLine().execute(args));
    }

    /** The whole command tree, as {@code ./lab} runs it and as the completion script describes it. */
    public static CommandLine commandLine() {
        CommandLine lab = Cli.commandLine(new LabMain());
        for (Object command : new Object[] {new DemoCommand(), new GatlingCommand(), new PlanCommand(), new UpCommand(),
            new WorkerCommand(), new BenchCommand(), new TasksCommand(), new SweepCommand(), new ChaosCommand(),
            new CompletionCommand(), new HelpCommand()}) {
            lab.addSubcommand(Cli.commandLine(command));
        }
        return lab;
    }
}
