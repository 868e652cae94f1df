package dev.syncasync.lab.bench;

import static dev.syncasync.lab.bench.ResultTables.format;
import static dev.syncasync.lab.bench.ResultTables.percent;
import static dev.syncasync.lab.bench.ResultTables.perSecond;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The written reading of a run, from its own numbers: each paragraph states what was measured,
 * whether the goal holds, and what on this machine explains it. Generated, so the document never
 * disagrees with the table above it.
 */
final class Reading {

    /** Other processes taking more than this share of the machine make a round noisy. */
    private static final double NOISY = 0.10;
    /** Send lag below this is small next to any loopback round trip. */
    private static final long SMALL_LAG_MICROS = 200;

    private Reading() {
    }

    static List<String> of(BenchResult r) {
        return List.of(throughput(r), latency(r), stability(r), client(r));
    }

    private static String throughput(BenchResult r) {
        PathResult d = r.direct();
        PathResult b = r.balancer();
        double cost = b.cpuMicrosPerRequest() / d.cpuMicrosPerRequest();
        double busyD = mean(d.maxRates(), m -> m.cpu().machineBusy());
        double busyB = mean(b.maxRates(), m -> m.cpu().machineBusy());
        double loop = b.partCpuMicros(Part.BALANCER);
        String text = format("**Throughput.** Through the balancer the path answered %s req/s, %.0f%% of the %s"
                        + " req/s direct: %s the >= %.0f%% goal. Per request the balancer's event loop spent %.1f us"
                        + " of CPU, the client's %.1f us and the worker's %.1f us: the proxy hop does both their"
                        + " jobs (read a request, write it on, read the answer, write it back), so it costs about"
                        + " as much as the two together. The whole process, GC and JIT included, spent %.1f us per"
                        + " request direct and %.1f us through the balancer (x%.2f). All three loops share %d cores"
                        + " (busy %s during the direct max-rate rounds, %s through the balancer); when the CPU is"
                        + " what runs out, the rate ratio is the inverse of the CPU ratio: 1/%.2f = %.2f, measured"
                        + " %.2f.",
                perSecond(b.maxPerSecond()), 100 * r.throughputRatio(), perSecond(d.maxPerSecond()),
                r.throughputRatio() >= Goals.MIN_THROUGHPUT_RATIO ? "it meets" : "it misses",
                100 * Goals.MIN_THROUGHPUT_RATIO, loop, b.partCpuMicros(Part.CLIENT), b.partCpuMicros(Part.WORKER),
                d.cpuMicrosPerRequest(), b.cpuMicrosPerRequest(), cost, r.machine().cores(), percent(busyD),
                percent(busyB), cost, 1 / cost, r.throughputRatio());
        if (busyD < 0.9) {
            text += " The direct path did not fill the machine: one of its two event loops (client or worker)"
                    + " was the limit, not the CPU as a whole, which flatters the ratio a little.";
        }
        return text + format(" So the ratio says what the balancer costs on a machine it shares with its load;"
                + " with a core of its own its one event loop would forward about %s req/s (1 s / %.1f us).",
                perSecond(1e6 / loop), loop);
    }

    private static String latency(BenchResult r) {
        double a50 = r.addedP50Ms();
        double a99 = r.addedP99Ms();
        String text = format("**Latency.** At %s req/s the balancer added %+.3f ms at p50 (%s, goal <= %.1f ms)"
                        + " and %+.3f ms at p99 (%s, goal <= %.1f ms). The machine was %s busy at this rate direct"
                        + " and %s through the balancer.",
                perSecond(r.rate()), a50, verdict(a50 <= Goals.MAX_ADDED_P50_MS), Goals.MAX_ADDED_P50_MS,
                a99, verdict(a99 <= Goals.MAX_ADDED_P99_MS), Goals.MAX_ADDED_P99_MS,
                percent(mean(r.direct().fixedRates(), f -> f.cpu().machineBusy())),
                percent(mean(r.balancer().fixedRates(), f -> f.cpu().machineBusy())));
        if (a50 > Goals.MAX_ADDED_P50_MS) {
            text += " The median misses: our reading is that at half its maximum the balancer path still keeps"
                    + " about half of the CPU busy, so a request often finds the next thread it needs (balancer"
                    + " or worker loop) waiting for a core; the added median is then waiting more than work.";
        } else {
            text += " The added median is one more loopback round trip plus the balancer's own work on it.";
        }
        return text + " " + tail(r, a99 > Goals.MAX_ADDED_P99_MS);
    }

    /**
     * The tail, from the run's own counts: stop-the-world GC pauses, and threads waiting for a
     * core. A pause of P builds a backlog of rate x P requests that drains at the spare rate
     * (max - rate), so it delays requests for P x max / (max - rate) in all: twice P at half the max.
     */
    private static String tail(BenchResult r, boolean p99Missed) {
        PathResult.GcPauses gd = r.direct().fixedRateGc();
        PathResult.GcPauses gb = r.balancer().fixedRateGc();
        double windowD = gd.share() * stretch(r.direct().maxPerSecond(), r.rate());
        double windowB = gb.share() * stretch(r.balancer().maxPerSecond(), r.rate());
        String text = format("Two things in this run make the tail. GC: one JVM runs all three parts (%s); it"
                        + " stopped %d times for %.1f ms on average during the balancer rounds against %d times for"
                        + " %.1f ms direct, as the event loops allocate %.1f KiB per request through the balancer"
                        + " against %.1f KiB direct. A request due during a pause waits for its end, then for the"
                        + " backlog the pause built, which drains at the spare rate (maximum minus offered); so"
                        + " pauses delayed requests during %.1f%% of the time through the balancer and %.1f%%"
                        + " direct. CPU: the JVM's threads were runnable but waiting for a core %s through the"
                        + " balancer against %s direct; the balancer path keeps three event loops (and the pacing"
                        + " thread) busy on %d cores, and every hop is a thread woken up that may find both"
                        + " cores taken.",
                r.machine().jvm(), gb.pauses(), gb.meanMillis(), gd.pauses(), gd.meanMillis(),
                allocated(r.balancer()), allocated(r.direct()), 100 * windowB, 100 * windowD,
                ResultTables.waiting(r.balancer()), ResultTables.waiting(r.direct()), r.machine().cores());
        text += windowB >= 0.01
                ? " Pause windows alone cover more than 1% of the time through the balancer, so they set its p99."
                : " Pause windows cover less than 1% of the time through the balancer, so they do not set its p99"
                + " alone: waiting for a core does the rest.";
        if (p99Missed) {
            text += format(" To meet the p99 goal the balancer would need fewer bytes and less CPU per request"
                    + " (its loop allocates %.1f KiB and spends %.1f us), or a collector with shorter pauses, or"
                    + " a core that the client and the worker do not share.",
                    r.balancer().partAllocKib(Part.BALANCER), r.balancer().partCpuMicros(Part.BALANCER));
        }
        return text;
    }

    /** How much longer than a pause its delay lasts: max / (max - rate); infinite at or past the maximum. */
    static double stretch(double maxPerSecond, double rate) {
        return rate >= maxPerSecond ? Double.POSITIVE_INFINITY : maxPerSecond / (maxPerSecond - rate);
    }

    /** KiB the three event loops allocated per request at the maximum rate; NaN if unknown. */
    private static double allocated(PathResult path) {
        double sum = 0;
        for (Part part : Part.values()) {
            sum += path.partAllocKib(part);
        }
        return sum;
    }

    private static String stability(BenchResult r) {
        double worst = Math.max(orZero(r.direct().worstOthers()), orZero(r.balancer().worstOthers()));
        String text = format("**Stability.** Across %s the direct maximum ranged %s req/s and the"
                        + " balancer's %s; the added p50 ranged %s ms and the added p99 %s ms. Other processes took"
                        + " up to %s of the machine during a phase (load average before the run: %s).",
                rounds(r.direct().maxRates().size()), range(r.direct().maxRates(), m -> m.run().perSecond(), "%,.0f"),
                range(r.balancer().maxRates(), m -> m.run().perSecond(), "%,.0f"),
                addedRange(r, 50), addedRange(r, 99), percent(worst), r.machine().loadAvg());
        if (worst > NOISY) {
            text += " That is a noisy neighbour: read single rounds with care. Interleaving gives both paths the"
                    + " same neighbours in turn, so the differences are steadier than the absolute numbers.";
        }
        return text;
    }

    private static String client(BenchResult r) {
        long lagD = r.direct().sendLag().p99();
        long lagB = r.balancer().sendLag().p99();
        String text = format("**The load client.** Its own send lag p99 was %.3f ms direct and %.3f ms through the"
                + " balancer", lagD / 1_000.0, lagB / 1_000.0);
        text += Math.max(lagD, lagB) < SMALL_LAG_MICROS
                ? ": it kept its schedule, so the latencies are the paths'."
                : ": it was late itself at times (it competes for the same cores and stops in the same GC"
                + " pauses); that lateness is inside both paths' latencies, as it would be for users of a busy"
                + " client.";
        long errors = r.direct().maxRateErrors() + r.direct().fixedRateErrors() + r.balancer().maxRateErrors()
                + r.balancer().fixedRateErrors();
        return text + (errors == 0 ? " No request failed." : " " + errors + " requests failed or timed out (see"
                + " the errors row): the numbers above leave them out.");
    }

    private static String addedRange(BenchResult r, double p) {
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (int i = 0; i < r.direct().fixedRates().size(); i++) {
            double added = (r.balancer().fixedRates().get(i).run().latencies().percentile(p)
                    - r.direct().fixedRates().get(i).run().latencies().percentile(p)) / 1_000.0;
            min = Math.min(min, added);
            max = Math.max(max, added);
        }
        return format("%+.3f to %+.3f", min, max);
    }

    private static <T> String range(List<T> rounds, ToDoubleFunction<T> value, String pattern) {
        double min = rounds.stream().mapToDouble(value).min().orElse(Double.NaN);
        double max = rounds.stream().mapToDouble(value).max().orElse(Double.NaN);
        return format(pattern, min) + " to " + format(pattern, max);
    }

    private static <T> double mean(List<T> rounds, ToDoubleFunction<T> value) {
        return rounds.stream().mapToDouble(value).filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN);
    }

    private static double orZero(double value) {
        return Double.isNaN(value) ? 0 : value;
    }

    static String rounds(int n) {
        return n + (n == 1 ? " round" : " rounds");
    }

    private static String verdict(boolean pass) {
        return pass ? "PASS" : "MISS";
    }
}
