package dev.syncasync.bench;

import java.time.Duration;

/**
 * The intended send times of an open-loop run: request {@code i} is due {@code i} periods after
 * the start, whatever happened to the requests before it. Latency is measured from these times,
 * so a stall of the client, the balancer or the worker counts against every request it delayed,
 * not only against the one that was in flight (no coordinated omission).
 *
 * @param periodNanos time between two intended sends
 * @param count       requests in the run
 */
public record RateSchedule(long periodNanos, int count) {

    public RateSchedule {
        if (periodNanos < 1 || count < 1) {
            throw new IllegalArgumentException("period and count must be positive, got " + periodNanos
                    + " ns and " + count);
        }
    }

    /**
     * {@code perSecond} requests a second for {@code duration}. The period is a whole number of
     * nanoseconds, so the times never drift; {@link #ratePerSecond()} is the rate really used.
     */
    public static RateSchedule of(double perSecond, Duration duration) {
        if (!(perSecond > 0)) {
            throw new IllegalArgumentException("rate must be positive, got " + perSecond);
        }
        long period = Math.max(1, Math.round(1e9 / perSecond));
        long count = Math.max(1, duration.toNanos() / period);
        return new RateSchedule(period, Math.toIntExact(count));
    }

    /** Intended send time of request {@code i}, in nanoseconds after the start. */
    public long offsetNanos(int i) {
        if (i < 0 || i >= count) {
            throw new IndexOutOfBoundsException("request " + i + " of " + count);
        }
        return i * periodNanos;
    }

    /** How many requests are due {@code elapsedNanos} after the start (those whose time has come). */
    public int dueBy(long elapsedNanos) {
        if (elapsedNanos < 0) {
            return 0;
        }
        return (int) Math.min(count, elapsedNanos / periodNanos + 1);
    }

    public double ratePerSecond() {
        return 1e9 / periodNanos;
    }
}
