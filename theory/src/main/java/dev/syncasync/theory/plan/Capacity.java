package dev.syncasync.theory.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.IntPredicate;

/**
 * The planner: for a demand and an objective, each pool kind's smallest configuration that
 * meets it ({@link PoolKind#plan}), every forecast drawn from the same seeded schedule so that
 * two configurations differ only by their slots.
 */
public final class Capacity {

    private Capacity() {
    }

    /** The pool kinds the lab has, sync workers of {@code syncThreads} threads first; virtual workers take any number at once. */
    public static List<PoolKind> kinds(int syncThreads) {
        return kinds(syncThreads, 0);
    }

    /** The pool kinds the lab has: sync, async, and virtual workers of {@code virtualMaxConcurrent} at once (0 = no limit). */
    public static List<PoolKind> kinds(int syncThreads, int virtualMaxConcurrent) {
        return List.of(new SyncPool(syncThreads), new AsyncPool(), new VirtualPool(virtualMaxConcurrent));
    }

    /** Every kind's plan, in the order given. */
    public static List<PoolPlan> plan(Demand demand, Objective objective, Costs costs, long seed, List<PoolKind> kinds) {
        List<PoolPlan> out = new ArrayList<>();
        for (PoolKind kind : kinds) {
            out.add(kind.plan(demand, objective, costs, seed));
        }
        return out;
    }

    /** The least latency a request can have: its work and the round trip, when it waits for nothing. */
    public static double leastLatencyMs(Demand demand, Costs costs) {
        return demand.ioMs() + demand.cpuMs() + costs.roundTripMs();
    }

    /**
     * Why no configuration can meet {@code objective} whatever its size, or empty: a latency
     * limit below what a request takes when it waits for nothing.
     */
    public static Optional<String> impossible(Demand demand, Objective objective, Costs costs) {
        double least = leastLatencyMs(demand, costs);
        if (!objective.waitOnly() && objective.limitMs() < least) {
            return Optional.of(String.format(Locale.ROOT, "%s is below what a request takes when it waits for nothing: "
                    + "io %s + cpu %s + round trip %s = %s ms; no number of workers can answer faster",
                    objective.describe(), num(demand.ioMs()), num(demand.cpuMs()), num(costs.roundTripMs()), num(least)));
        }
        return Optional.empty();
    }

    /**
     * The smallest n in {@code lo..hi} for which {@code meets} holds, assuming it keeps holding
     * for every larger n (more slots never delay a FIFO queue's requests); -1 when not even
     * {@code hi} meets it. Doubles from {@code lo}, then halves the interval.
     */
    static int smallest(int lo, int hi, IntPredicate meets) {
        if (lo > hi) {
            return -1;
        }
        int below = lo - 1;
        int above = lo;
        while (!meets.test(above)) {
            if (above == hi) {
                return -1;
            }
            below = above;
            above = (int) Math.min(hi, Math.max(above + 1L, 2L * above));
        }
        while (above - below > 1) {
            int mid = below + (above - below) / 2;
            if (meets.test(mid)) {
                above = mid;
            } else {
                below = mid;
            }
        }
        return above;
    }

    /** Why the workers' cores or the balancer cannot carry the rate, or empty. */
    static String carry(Demand demand, Costs costs, double coresBusy, double handlingMs) {
        if (coresBusy >= demand.cores()) {
            return String.format(Locale.ROOT, "the workers' %d core%s cannot carry %s req/s: each request costs %s ms of "
                    + "CPU (cpu %s + handling %s), %.2f cores busy; at most %s req/s", demand.cores(),
                    demand.cores() == 1 ? "" : "s", num(demand.ratePerSec()), num(demand.cpuMs() + handlingMs),
                    num(demand.cpuMs()), num(handlingMs), coresBusy, num(ceiling(demand.cores(), demand.cpuMs() + handlingMs)));
        }
        if (demand.ratePerSec() > costs.balancerMaxRate()) {
            return String.format(Locale.ROOT, "the balancer forwards at most %s req/s on a core of its own",
                    num(costs.balancerMaxRate()));
        }
        return "";
    }

    /** Requests per second {@code cores} cores carry when each costs {@code cpuPerRequestMs}. */
    public static double ceiling(int cores, double cpuPerRequestMs) {
        return cpuPerRequestMs == 0 ? Double.POSITIVE_INFINITY : Math.floor(cores * 1000 / cpuPerRequestMs);
    }

    static String tooBig(double memoryMiB, Demand demand) {
        return String.format(Locale.ROOT, "needs about %.0f MiB, the machine has %.0f MiB", memoryMiB, demand.memoryMiB());
    }

    /** What the requests in flight hold: the rate times the mean latency (Little's law), times a request's allocation. */
    static double inFlightMiB(Demand demand, Forecast f, Costs costs) {
        return demand.ratePerSec() * f.mean() / 1000 * costs.requestKiB() / 1024;
    }

    private static String num(double v) {
        if (v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%,d", (long) v);
        }
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
