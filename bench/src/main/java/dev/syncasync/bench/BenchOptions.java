package dev.syncasync.bench;

import dev.syncasync.config.ConfigException;
import dev.syncasync.server.Args;
import java.util.Arrays;
import java.util.Set;

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

    static final String COMPARE_SHARED = "--compare-shared";

    static final String HELP = """
            usage: ./lab bench [--layout pinned|shared] [--compare-shared] [--seconds N] [--warmup N] [--rounds N]
                               [--connections N] [--rate R] [--out FILE|-]

            One async worker hit directly and through the balancer, in one run: maximum rate (closed loop),
            then latency at a fixed rate (open loop, measured from the intended send time).

              --layout L       pinned (default): client + worker in this JVM on one core, the balancer in
                               its own JVM on another (taskset); shared: all three in this JVM on all cores
              --compare-shared after the pinned run, run the shared layout too (twice the time) and write
                               its summary in the report's comparison section; without it a pinned run
                               keeps the comparison section the report already has
              --seconds N      length of each measured phase (default 5)
              --warmup N       warm-up seconds per path: two interleaved closed-loop passes, then an
                               open-loop one (default 20)
              --rounds N       interleaved rounds of each model, direct then balancer (default 3)
              --connections N  connections of the closed loop (default 16)
              --rate R         open-loop rate in requests/s (default 0 = half the balancer's maximum)
              --out FILE|-     Markdown report to rewrite, or - to print only (default docs/benchmarks.md)""";

    private static final Set<String> KNOWN = Set.of("seconds", "warmup", "rounds", "connections", "rate", "out",
            "layout");

    /** The defaults, with {@code command} as the command line to report. */
    public static BenchOptions defaults() {
        return new BenchOptions(5, 20, 3, 16, 0, "docs/benchmarks.md", "./lab bench", Layout.Kind.PINNED, false);
    }

    /** Reads {@code --name value} options and the {@code --compare-shared} flag; a bad one is a ConfigException. */
    public static BenchOptions parse(String[] args) {
        // The flag takes no value, which Args does not know: take it out first.
        boolean compare = Arrays.asList(args).contains(COMPARE_SHARED);
        String[] rest = Arrays.stream(args).filter(a -> !a.equals(COMPARE_SHARED)).toArray(String[]::new);
        Args a = Args.parse(rest, KNOWN, "./lab bench");
        BenchOptions d = defaults();
        String command = args.length == 0 ? d.command : d.command + " " + String.join(" ", args);
        Layout.Kind layout = a.get("layout").map(Layout.Kind::parse).orElse(d.layout);
        if (compare && layout == Layout.Kind.SHARED) {
            throw new ConfigException("command line", COMPARE_SHARED, "compares a pinned run with a shared one;"
                    + " with --layout shared there is nothing to compare");
        }
        return new BenchOptions(
                a.integer("seconds", 1, 60).orElse(d.seconds),
                a.integer("warmup", 0, 60).orElse(d.warmupSeconds),
                a.integer("rounds", 1, 10).orElse(d.rounds),
                a.integer("connections", 1, 256).orElse(d.connections),
                a.integer("rate", 0, 100_000).orElse(d.rate),
                a.get("out").orElse(d.out),
                command, layout, compare);
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
