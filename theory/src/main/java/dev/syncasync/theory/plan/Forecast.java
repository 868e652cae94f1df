package dev.syncasync.theory.plan;

import dev.syncasync.theory.PoissonSchedule;
import dev.syncasync.theory.SlotQueue;
import java.util.Arrays;

/**
 * What the model predicts for one configuration at the steady state: a seeded Poisson schedule
 * of {@link #ARRIVALS} arrivals pushed through a FIFO queue of {@code slots} slots that each hold
 * a request {@code holdMs} ({@link SlotQueue}, the model {@code ./lab demo} asserts), each
 * latency being its wait plus {@code fixedMs} (the work and the round trip). A configuration
 * whose offered load reaches its slots has no steady state: {@link #stable()} is false and its
 * statistics are infinite.
 *
 * @param slots       the slots the requests queue for
 * @param utilisation offered load per slot, {@code rate * hold / slots}
 * @param mean        mean latency, ms
 * @param p50         median latency, ms
 * @param p99         99th percentile latency, ms
 * @param waitP99     99th percentile of the wait for a slot, ms
 * @param waited      the share of requests that waited at all
 * @param objective   the objective's statistic, ms
 */
public record Forecast(int slots, double utilisation, double mean, double p50, double p99, double waitP99, double waited,
                       double objective) {

    /** Arrivals per forecast: enough that the start from an empty queue and the 99th percentile's sampling error are small. */
    public static final int ARRIVALS = 200_000;

    /** Whether the queue has a steady state: utilisation below 1. */
    public boolean stable() {
        return utilisation < 1;
    }

    /**
     * The forecast for {@code slots} slots of {@code holdMs} at {@code ratePerSec}, from the
     * schedule drawn with {@code seed}; {@code objective} picks the statistic it is judged by.
     */
    public static Forecast of(double ratePerSec, int slots, double holdMs, double fixedMs, Objective objective, long seed) {
        double utilisation = ratePerSec * holdMs / 1000 / slots;
        if (utilisation >= 1) {
            double inf = Double.POSITIVE_INFINITY;
            return new Forecast(slots, utilisation, inf, inf, inf, inf, 1, inf);
        }
        double[] arrivals = PoissonSchedule.draw(ratePerSec, ARRIVALS / ratePerSec * 1000, seed);
        return ofSchedule(arrivals, ratePerSec, slots, holdMs, fixedMs, objective);
    }

    /**
     * The forecast for one given schedule ({@code arrivalsMs}, ascending): what a run of exactly
     * these arrivals should measure, transient and all. Unlike {@link #of}, a utilisation at or
     * above 1 still has finite numbers: a run of a few seconds ends before its backlog grows
     * without bound. {@link Integer#MAX_VALUE} slots: nobody waits (the async pool's waiting).
     */
    public static Forecast ofSchedule(double[] arrivalsMs, double ratePerSec, int slots, double holdMs, double fixedMs,
                                      Objective objective) {
        if (arrivalsMs.length == 0) {
            throw new IllegalArgumentException("a schedule of no arrival has no forecast");
        }
        double utilisation = ratePerSec * holdMs / 1000 / slots;
        double[] waits = SlotQueue.waits(arrivalsMs, slots, holdMs);
        double[] sortedWaits = waits.clone();
        Arrays.sort(sortedWaits);
        double[] latencies = Arrays.stream(sortedWaits).map(w -> w + fixedMs).toArray();
        long waited = Arrays.stream(waits).filter(w -> w > 0).count();
        double stat = objective.waitOnly() ? rank(sortedWaits, objective.quantile()) : rank(latencies, objective.quantile());
        double mean = Arrays.stream(latencies).average().orElse(fixedMs);
        return new Forecast(slots, utilisation, mean, rank(latencies, 0.50), rank(latencies, 0.99), rank(sortedWaits, 0.99),
                (double) waited / waits.length, stat);
    }

    /** Nearest rank, as the lab ranks measured latencies. */
    static double rank(double[] sorted, double p) {
        return sorted[Math.max(0, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
