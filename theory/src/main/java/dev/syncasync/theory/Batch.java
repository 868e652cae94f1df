package dev.syncasync.theory;

/**
 * {@code n} requests of service time {@code t} arriving at once on {@code c} slots (threads
 * of a sync pool, or c = n for an event loop that waits without blocking). Request i, in
 * dispatch order from 0, finishes at {@code (floor(i/c) + 1) * t}: it rides wave
 * {@code floor(i/c) + 1}. No request can finish earlier, because a slot finishes at most one
 * request per t.
 */
public final class Batch {

    private Batch() {
    }

    /** The wave (1-based) request {@code i} rides. */
    public static int wave(int i, int c) {
        check(i + 1, c);
        return i / c + 1;
    }

    /** When request {@code i} (0-based, dispatch order) completes, counted from the burst. */
    public static double completion(int i, int c, double t) {
        return wave(i, c) * t;
    }

    /** Number of waves: {@code ceil(n/c)}. */
    public static int waves(int n, int c) {
        check(n, c);
        return (n + c - 1) / c;
    }

    /** When the last request completes: {@code ceil(n/c) * t}. */
    public static double makespan(int n, int c, double t) {
        return waves(n, c) * t;
    }

    /** Mean completion time over the n requests. */
    public static double mean(int n, int c, double t) {
        check(n, c);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += completion(i, c, t);
        }
        return sum / n;
    }

    /** The nearest-rank {@code p}-quantile (0 < p <= 1) of the completion times. */
    public static double percentile(int n, int c, double t, double p) {
        check(n, c);
        if (!(p > 0 && p <= 1)) {
            throw new IllegalArgumentException("p must be in (0, 1], got " + p);
        }
        int rank = (int) Math.ceil(p * n);
        return completion(rank - 1, c, t);
    }

    private static void check(int n, int c) {
        if (n < 1 || c < 1) {
            throw new IllegalArgumentException("need n >= 1 and c >= 1, got n=" + n + ", c=" + c);
        }
    }
}
