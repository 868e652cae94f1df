package dev.syncasync.theory;

import java.util.Arrays;
import java.util.PriorityQueue;

/**
 * A FIFO queue in front of {@code slots} servers that each hold a request for a fixed time:
 * the balancer's queue in front of a sync pool, where a request holds its worker's slot for
 * its {@code io} plus what the hop costs ({@code holdMs}). Given when each request arrives,
 * it says when each starts and how long each waits, exactly - no steady-state assumption.
 *
 * <p>This is what the open model predicts with: the arrival times are the experiment's input
 * (a Poisson schedule drawn before the run), so the queue they build is computed, request by
 * request, rather than taken from Erlang C's steady state, which a few seconds of arrivals
 * do not reach.
 */
public final class SlotQueue {

    private SlotQueue() {
    }

    /**
     * How long each request waits for a slot, in the order given.
     *
     * @param arrivalsMs when each request arrives, ascending (ms)
     * @param slots      servers; {@link Integer#MAX_VALUE} = no limit, nobody waits
     * @param holdMs     how long a request holds its slot (ms)
     */
    public static double[] waits(double[] arrivalsMs, int slots, double holdMs) {
        if (slots < 1 || !(holdMs >= 0)) {
            throw new IllegalArgumentException("need slots >= 1 and hold >= 0, got " + slots + ", " + holdMs);
        }
        double[] waits = new double[arrivalsMs.length];
        if (slots >= arrivalsMs.length) {
            return waits;
        }
        PriorityQueue<Double> free = new PriorityQueue<>();
        for (int i = 0; i < slots; i++) {
            free.add(Double.NEGATIVE_INFINITY);
        }
        double previous = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < arrivalsMs.length; i++) {
            double a = arrivalsMs[i];
            if (a < previous) {
                throw new IllegalArgumentException("arrivals must be ascending: " + a + " after " + previous);
            }
            previous = a;
            double start = Math.max(a, free.poll());
            free.add(start + holdMs);
            waits[i] = start - a;
        }
        return waits;
    }

    /**
     * Each request's latency: its wait plus {@code latencyMs} (what a request that does not
     * wait takes: io plus the round trip).
     */
    public static double[] latencies(double[] arrivalsMs, int slots, double holdMs, double latencyMs) {
        double[] waits = waits(arrivalsMs, slots, holdMs);
        return Arrays.stream(waits).map(w -> w + latencyMs).toArray();
    }
}
