package dev.syncasync.bench;

import dev.syncasync.commandline.Cli;

/**
 * The knobs of {@code ./lab bench}. The defaults make a run of about 100 s: long enough for the
 * JIT and the connection pools to settle and for three interleaved rounds per path, short enough to
 * run again after every change. The warm-up is 20 s per path because in the pinned layout the
 * compiler threads share one core with the client and the worker: with 8 s (enough on two cores)
 * the first measured round still ran on half-compiled code.
 *
 * @param seconds       length of every measured phase
 * @param warmupSeconds closed-loop warm-up per path before anything is measured
 * @param rounds        interleaved rounds (direct, balancer) of each model
 * @param connections   keep-alive connections of the closed loop, and the pool cap of the open loop
 * @param rate          open-loop rate in requests/s; 0 = half the balancer's measured maximum
 * @param out           Markdown file the run writes; {@code -} = print only
 * @param command       the command line as typed, for the report
 * @param layout        where client, worker and balancer run ({@link Layout})
 * @param compareShared after a pinned run, run the shared layout too, for the report's comparison
 */
public record BenchOptions(int seconds, int warmupSeconds, int rounds, int connections, int rate, String out,
                           String command, Layout.Kind layout, boolean compareShared) {

    /** The defaults, with {@code command} as the command line to report. */
    public static BenchOptions defaults() {
        return new BenchOptions(5, 20, 3, 16, 0, "docs/benchmarks.md", "./lab bench", Layout.Kind.PINNED, false);
    }

    /** Reads a {@code ./lab bench} command line; a bad one is a picocli usage error. */
    public static BenchOptions parse(String... args) {
        BenchCommand command = new BenchCommand();
        Cli.commandLine(command).parseArgs(args);
        return command.options(java.util.List.of(args));
    }

    /** Whether the run writes a Markdown file. */
    public boolean writes() {
        return !out.equals("-");
    }

    /** The planned length of one layout's load phases in seconds. */
    public int loadSeconds() {
        return 2 * warmupSeconds + 2 * 2 * rounds * seconds;
    }

    /** The planned length of all load phases in seconds, for the first progress line. */
    public int plannedSeconds() {
        return (compareShared ? 2 : 1) * loadSeconds();
    }
}
