package dev.syncasync.lab.bench;

import dev.syncasync.common.server.Args;
import java.util.Set;

/**
 * The knobs of {@code ./lab bench}. The defaults make a run of about 80 s: long enough for the
 * JIT and the connection pools to settle (on 2 cores the JIT needs most of the 8 s warm-up) and
 * for three interleaved rounds per path, short enough to run again after every change.
 *
 * @param seconds       length of every measured phase
 * @param warmupSeconds closed-loop warm-up per path before anything is measured
 * @param rounds        interleaved rounds (direct, balancer) of each model
 * @param connections   keep-alive connections of the closed loop, and the pool cap of the open loop
 * @param rate          open-loop rate in requests/s; 0 = half the balancer's measured maximum
 * @param out           Markdown file the run writes; {@code -} = print only
 * @param command       the command line as typed, for the report
 */
public record BenchOptions(int seconds, int warmupSeconds, int rounds, int connections, int rate, String out,
                           String command) {

    static final String HELP = """
            usage: ./lab bench [--seconds N] [--warmup N] [--rounds N] [--connections N] [--rate R] [--out FILE|-]

            One async worker hit directly and through the balancer, in one run: maximum rate (closed loop),
            then latency at a fixed rate (open loop, measured from the intended send time).

              --seconds N      length of each measured phase (default 5)
              --warmup N       warm-up seconds per path, in two interleaved halves (default 8)
              --rounds N       interleaved rounds of each model, direct then balancer (default 3)
              --connections N  connections of the closed loop (default 16)
              --rate R         open-loop rate in requests/s (default 0 = half the balancer's maximum)
              --out FILE|-     Markdown report to rewrite, or - to print only (default docs/benchmarks.md)""";

    private static final Set<String> KNOWN = Set.of("seconds", "warmup", "rounds", "connections", "rate", "out");

    /** The defaults, with {@code command} as the command line to report. */
    public static BenchOptions defaults() {
        return new BenchOptions(5, 8, 3, 16, 0, "docs/benchmarks.md", "./lab bench");
    }

    /** Reads {@code --name value} options; a bad one is a ConfigException (exit code 2). */
    public static BenchOptions parse(String[] args) {
        Args a = Args.parse(args, KNOWN, "./lab bench");
        BenchOptions d = defaults();
        String command = args.length == 0 ? d.command : d.command + " " + String.join(" ", args);
        return new BenchOptions(
                a.integer("seconds", 1, 60).orElse(d.seconds),
                a.integer("warmup", 0, 60).orElse(d.warmupSeconds),
                a.integer("rounds", 1, 10).orElse(d.rounds),
                a.integer("connections", 1, 256).orElse(d.connections),
                a.integer("rate", 0, 100_000).orElse(d.rate),
                a.get("out").orElse(d.out),
                command);
    }

    /** Whether the run writes a Markdown file. */
    public boolean writes() {
        return !out.equals("-");
    }

    /** The planned length of the load phases in seconds, for the first progress line. */
    public int plannedSeconds() {
        return 2 * warmupSeconds + 2 * 2 * rounds * seconds;
    }
}
