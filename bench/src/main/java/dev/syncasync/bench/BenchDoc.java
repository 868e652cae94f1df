package dev.syncasync.bench;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * {@code docs/benchmarks.md}, written whole by each run: the result, its reading, how it was
 * measured, the machine and the command, so anyone can run it again and compare.
 */
final class BenchDoc {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private BenchDoc() {
    }

    static String of(BenchResult r, Comparison comparison) {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmark: what the balancer adds\n\n")
                .append("<!-- Written by `").append(r.options().command())
                .append("`. Do not edit by hand: run it again to regenerate this file. -->\n\n")
                .append("One async worker (Vert.x, one event loop, `GET /work`: no io wait, no cpu burn) is hit")
                .append(" directly and through the balancer (one event loop, FIFO queue, that worker as its only")
                .append(" backend), in one run, by one small load client. Both paths end at the same worker, so")
                .append(" the difference between them is what the balancer costs.\n\n")
                .append("## Result\n\n")
                .append("Run on ").append(DATE.format(r.started())).append(" with `").append(r.options().command())
                .append("` (").append(r.took().toSeconds()).append(" s), on the machine described below, in the **")
                .append(r.layout().label()).append("** layout (").append(r.layout().where())
                .append("). What each layout measures, and the other one's result, follow the reading.\n\n")
                .append(ResultTables.summary(r).markdown()).append('\n')
                .append("## Reading\n\n");
        Reading.of(r).forEach(paragraph -> md.append(paragraph).append("\n\n"));
        md.append(LayoutText.section(r)).append(comparison.markdown()).append(method(r)).append(machine(r))
                .append("## Every round\n\nMaximum rate (closed loop):\n\n")
                .append(ResultTables.maxRateRounds(r).markdown())
                .append("\nFixed rate (open loop, ").append(ResultTables.perSecond(r.rate())).append(" req/s):\n\n")
                .append(ResultTables.fixedRateRounds(r).markdown()).append('\n')
                .append(running());
        return md.toString();
    }

    private static String method(BenchResult r) {
        BenchOptions o = r.options();
        return ResultTables.format("""
                ## How it is measured

                - **Maximum rate: closed loop.** %d keep-alive connections, each sending its next request as \
                soon as the previous one is answered, for %d s per round after a %d s warm-up per path (two \
                interleaved closed-loop passes, so the JIT has seen both paths before anything counts, then \
                an open-loop pass on each, so the pacing code is compiled too). The path is never \
                idle, so answers per second is its maximum. Its latencies are not used: in a \
                closed loop a slow answer also delays the next send, so a stall hides itself (coordinated \
                omission).
                - **Latency: open loop at a fixed rate**, by default half the balancer's maximum from the \
                closed loop. Request *i* is due at *start + i / rate* whatever happened before it, and its \
                latency runs from that **intended send time** to the last byte of its answer, so a stall of \
                the client, the balancer or the worker counts against every request it delayed. A separate \
                thread paces the sends (it parks until the next one is due; Vert.x timers tick in whole \
                milliseconds): if it wakes late, the requests it owes leave at once and carry their \
                lateness. *client send lag* is that lateness; small, it says the latencies are the paths'.
                - **Interleaved rounds.** Each model runs %s of direct then balancer, so both paths \
                meet the same machine (a neighbour's load, a JIT pass, a GC) in turn. The summary merges the \
                rounds: answers over time for the rates, every sample for the percentiles. Percentiles are \
                nearest-rank over all samples, kept in microseconds (no histogram buckets).
                %s\
                - **CPU.** *CPU per request* is the CPU time of every thread of the run's JVMs (client, \
                balancer and worker loops, GC, JIT) per answer at the maximum rate; the per-loop numbers are \
                each event loop's own. *Busy* is the share of a core (pinned) or of the machine (shared) that \
                was not idle, from /proc/stat. *Others' CPU* is the share of the machine's capacity that other \
                processes used, or the hypervisor stole, during a phase: the noise of a shared machine, made \
                visible. A hypervisor that reports no steal hides its other guests; then only the spread between \
                rounds shows them. *GC pauses* are each JVM's stop-the-world collections during the fixed-rate \
                rounds: count x mean length = share of the time. *Waiting for a core* is the run-queue time of \
                all a JVM's threads (`/proc/<pid>/task/*/schedstat`), in milliseconds per second. *Event-loop \
                wake-ups* count how often a JVM's event loops were put on a core (the third field of the same \
                file), per answer at the maximum rate: a loop that finds many requests ready each time it wakes \
                pays its system calls and context switches fewer times.
                - **Bounded, loopback only.** Every phase stops by itself (time, count, and a %d s timeout per \
                request); all traffic stays on 127.0.0.1.

                """, o.connections(), o.seconds(), o.warmupSeconds(), Reading.rounds(o.rounds()),
                LayoutText.processesBullet(r), LoadClient.REQUEST_TIMEOUT_MS / 1_000);
    }

    private static String machine(BenchResult r) {
        Machine m = r.machine();
        return "## Machine\n\n"
                + "- " + m.cores() + " cores (" + m.cpu() + ")\n"
                + "- kernel " + m.kernel() + "\n"
                + "- JDK " + m.jdk() + "\n"
                + "- layout: " + r.layout().describe() + "\n"
                + "- JVM" + (r.layout().pinned() ? "s (both)" : "") + ": " + m.jvm() + "\n"
                + "- load average before the run: " + m.loadAvg() + "\n\n";
    }

    private static String running() {
        return """
                ## Running it

                ```
                ./lab bench                   # about 100 s, pinned; prints the table and rewrites docs/benchmarks.md
                ./lab bench --compare-shared  # about 200 s: pinned, then shared for the comparison section
                ./lab bench --layout shared --out -   # the one-JVM layout, print only
                ./lab bench --seconds 10 --rounds 5 --connections 32 --rate 4000 --out /tmp/bench.md
                ```

                Options: `--layout` pinned or shared (pinned), `--compare-shared` (off; without it a pinned run \
                keeps the comparison section of the report it replaces), `--seconds` per measured phase (5), \
                `--warmup` seconds per path (20), `--rounds` of each model (3), `--connections` of the closed \
                loop (16), `--rate` of the open loop in requests/s (0 = half the balancer's maximum), `--out` \
                file or `-` (docs/benchmarks.md). Run it on an idle machine if you can; compare runs by the \
                ratios and added milliseconds, which are measured side by side, more than by the absolute numbers.
                """;
    }
}
