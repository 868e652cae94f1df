package dev.syncasync.experiments;

import java.util.List;

/**
 * What {@code ./lab chaos} breaks and under which load.
 *
 * @param action     kill, pause (then unpause) or restart (kill, then start again) the worker
 * @param worker     which worker container, 1-based
 * @param lab        the lab to create
 * @param simulation the load: a simulation of the gatling image
 * @param parameters its {@code key=value} parameters
 */
record ChaosOptions(Action action, int worker, LabSpec lab, String simulation, List<String> parameters) {

    /** What happens to the worker. */
    enum Action { KILL, PAUSE, RESTART }

    /** A steady open load of about 30 s at 20 requests/s: long enough to see a restarted worker back. */
    static final List<String> DEFAULT_LOAD = List.of("rates=20", "duration=30", "io=50", "warmup=20");

    ChaosOptions {
        parameters = List.copyOf(parameters);
        if (worker < 1 || worker > lab.workers()) {
            throw new IllegalArgumentException("--worker must be in 1.." + lab.workers() + ", got " + worker);
        }
    }

    /** Reads a {@code ./lab chaos} command line; a bad one is a picocli usage error. */
    static ChaosOptions parse(String... args) {
        ChaosCommand command = new ChaosCommand();
        dev.syncasync.commandline.Cli.commandLine(command).parseArgs(args);
        return command.chaosOptions();
    }
}
