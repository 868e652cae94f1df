package dev.syncasync.experiments;

import dev.syncasync.commandline.Cli;
import dev.syncasync.commandline.Version;
import dev.syncasync.logging.Logging;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The main of {@code experiments.jar}, which the {@code lab} script runs for {@code ./lab sweep}
 * and {@code ./lab chaos} (docker-java stays out of {@code lab.jar}): the same two commands as
 * {@code lab.jar} lists, under the same root name.
 */
@Command(name = "lab", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "The lab's experiments with containers: ./lab sweep and ./lab chaos (./lab --help lists every "
                + "command).")
public final class ExperimentsMain {

    private ExperimentsMain() {
    }

    public static void main(String[] args) {
        Logging.init();
        System.exit(run(args, System.getenv()));
    }

    /** Runs one command with {@code env} as the environment; returns the exit code. */
    static int run(String[] args, Map<String, String> env) {
        CommandLine line = Cli.commandLine(new ExperimentsMain());
        line.addSubcommand(Cli.commandLine(new SweepCommand(env)));
        line.addSubcommand(Cli.commandLine(new ChaosCommand(env)));
        return line.execute(args);
    }
}
