package dev.syncasync.bench;

import dev.syncasync.commandline.Cli;
import dev.syncasync.commandline.Version;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code ./lab bench}: its options, read into {@link BenchOptions}, then {@link Bench#run}. */
@Command(name = "bench", header = "Measure what the balancer adds, direct path beside it (about 100 s).",
        mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        description = {"One async worker hit directly and through the balancer in one run: the maximum rate (closed "
                + "loop), then latency at a fixed rate (open loop, from the intended send time). Rewrites "
                + "docs/benchmarks.md: its tables and numbers; the interpretation written between its markers stays.",
            "",
            "./lab bench --vs haproxy [SCRIPT OPTIONS]: the balancer against HAProxy on the same two async workers "
                + "instead (scripts/bench-vs-haproxy.py, every other option passed on to it, e.g. --rounds 3 "
                + "--write-doc docs/benchmarks.md); needs python3, haproxy, wrk and hey on the PATH (exit 2 "
                + "naming what is missing)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:measured", "1:it failed at run time", "2:a bad option"})
public final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--layout", paramLabel = "pinned|shared", converter = LayoutKind.class,
            completionCandidates = LayoutKind.class,
            description = {"pinned (default): client and worker in this JVM on one core, the balancer in its own JVM "
                + "on another (taskset); shared: all three in this JVM on all cores"})
    Layout.Kind layout = Layout.Kind.PINNED;

    @Option(names = "--compare-shared", description = {"After the pinned run, run the shared layout too (twice the "
            + "time) for the report's comparison section; without it a pinned run keeps the section the report has"})
    boolean compareShared;

    @Option(names = "--seconds", paramLabel = "N", description = "Length of each measured phase (default: 5).")
    int seconds = 5;

    @Option(names = "--warmup", paramLabel = "N", description = "Warm-up seconds per path: two interleaved "
            + "closed-loop passes, then an open-loop one (default: 20).")
    int warmup = 20;

    @Option(names = "--rounds", paramLabel = "N", description = "Interleaved rounds of each model, direct then "
            + "balancer (default: 3).")
    int rounds = 3;

    @Option(names = "--connections", paramLabel = "N", description = "Connections of the closed loop (default: 16).")
    int connections = 16;

    @Option(names = "--rate", paramLabel = "R", description = "Open-loop rate in requests/s (default: 0 = half the "
            + "balancer's maximum).")
    int rate;

    @Option(names = "--out", paramLabel = "FILE|-", description = "Markdown report to rewrite, or - to print only "
            + "(default: docs/benchmarks.md).")
    String out = "docs/benchmarks.md";

    @Override
    public Integer call() throws Exception {
        Bench.run(options(Cli.typedArgs(spec)));
        return Cli.OK;
    }

    /** The options as parsed; {@code args} is the command line as typed, for the report. */
    BenchOptions options(List<String> args) {
        if (compareShared && layout == Layout.Kind.SHARED) {
            throw Cli.usage(spec, "--compare-shared compares a pinned run with a shared one; with --layout shared "
                    + "there is nothing to compare");
        }
        String command = args.isEmpty() ? "./lab bench" : "./lab bench " + String.join(" ", args);
        return new BenchOptions(Cli.inRange(spec, "--seconds", seconds, 1, 60), Cli.inRange(spec, "--warmup", warmup,
                0, 60), Cli.inRange(spec, "--rounds", rounds, 1, 10), Cli.inRange(spec, "--connections", connections, 1,
                256), Cli.inRange(spec, "--rate", rate, 0, 100_000), out, command, layout, compareShared);
    }

    /** {@code pinned} or {@code shared}, for parsing and for completion. */
    static final class LayoutKind implements ITypeConverter<Layout.Kind>, Iterable<String> {

        @Override
        public Layout.Kind convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "pinned" -> Layout.Kind.PINNED;
                case "shared" -> Layout.Kind.SHARED;
                default -> throw new TypeConversionException("must be pinned or shared, got '" + value + "'");
            };
        }

        @Override
        public java.util.Iterator<String> iterator() {
            return List.of("pinned", "shared").iterator();
        }
    }
}
