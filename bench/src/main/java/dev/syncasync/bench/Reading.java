package dev.syncasync.bench;

import static dev.syncasync.bench.ResultTables.format;
import static dev.syncasync.bench.ResultTables.percent;
import static dev.syncasync.bench.ResultTables.perSecond;

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
        return List.of(ThroughputReading.of(r), latency(r), stability(r), client(r));
    }

    private static String latency(BenchResult r) {
        double a50 = r.addedP50Ms();
        double a99 = r.addedP99Ms();
        String text = format("**Latency.** At %s req/s the balancer added %+.3f ms at p50 (%s, goal <= %.1f ms)"
                        + " and %+.3f ms at p99 (%s, goal <= %.1f ms). %s",
                perSecond(r.rate()), a50, verdict(a50 <= Goals.MAX_ADDED_P50_MS), Goals.MAX_ADDED_P50_MS,
                a99, verdict(a99 <= Goals.MAX_ADDED_P99_MS), Goals.MAX_ADDED_P99_MS, busyAtRate(r));
        if (a50 > Goals.MAX_ADDED_P50_MS && r.layout().pinned()) {
            text += format(" The median misses: cpu %d was %s busy at this rate and the balancer's JVM waited %s ms/s"
                            + " for it, so a request often found the balancer's loop busy or off its core; the added"
                            + " median is then waiting more than work.", r.layout().balancerCpu(),
                    percent(r.balancer().fixedRateCpuBusy(r.layout().balancerCpu())),
                    ResultTables.waiting(r.balancer(), CpuMeter.Jvm.BALANCER));
        } else if (a50 > Goals.MAX_ADDED_P50_MS) {
            text += " The median misses: our reading is that at half its maximum the balancer path still keeps"
                    + " about half of the CPU busy, so a request often finds the next thread it needs (balancer"
                    + " or worker loop) waiting for a core; the added median is then waiting more than work.";
        } else {
            text += " The added median is one more loopback round trip plus the balancer's own work on it"
                    + (r.layout().pinned() ? ", and one more wake-up of a thread on another core." : ".");
        }
        return text + " " + (r.layout().pinned() ? TailReading.pinned(r) : TailReading.shared(r))
                + (a99 > Goals.MAX_ADDED_P99_MS ? " " + TailReading.advice(r) : "");
    }

    private static String busyAtRate(BenchResult r) {
        Layout l = r.layout();
        if (l.pinned()) {
            return format("At this rate cpu %d (client and worker) was %s busy direct and %s through the balancer;"
                            + " cpu %d (the balancer) was %s busy.", l.clientCpu(),
                    percent(r.direct().fixedRateCpuBusy(l.clientCpu())),
                    percent(r.balancer().fixedRateCpuBusy(l.clientCpu())), l.balancerCpu(),
                    percent(r.balancer().fixedRateCpuBusy(l.balancerCpu())));
        }
        return format("The machine was %s busy at this rate direct and %s through the balancer.",
                percent(r.direct().fixedRateMachineBusy()), percent(r.balancer().fixedRateMachineBusy()));
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
