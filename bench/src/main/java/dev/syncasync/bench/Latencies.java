package dev.syncasync.bench;

import java.util.Arrays;
import java.util.List;

/**
 * Latencies in microseconds, every sample kept. A bounded {@code long[]} rather than a
 * histogram: an open-loop run knows its count in advance (rate x seconds), and HdrHistogram is
 * only on the launcher's runtime classpath (through Micrometer), not a dependency to lean on.
 * Not thread-safe: one event loop records, the caller reads after the run.
 */
public final class Latencies {

    private final long[] micros;
    private int size;
    private boolean sorted = true;

    public Latencies(int capacity) {
        this.micros = new long[capacity];
    }

    /** All samples of {@code parts} in one, for percentiles over several rounds. */
    public static Latencies merge(List<Latencies> parts) {
        Latencies all = new Latencies(parts.stream().mapToInt(Latencies::count).sum());
        for (Latencies part : parts) {
            System.arraycopy(part.micros, 0, all.micros, all.size, part.size);
            all.size += part.size;
        }
        all.sorted = all.size < 2;
        return all;
    }

    /** Adds one sample; a negative one (a clock oddity) counts as 0. */
    public void record(long sampleMicros) {
        if (size == micros.length) {
            throw new IllegalStateException("more samples than the " + micros.length + " planned");
        }
        micros[size++] = Math.max(0, sampleMicros);
        sorted = false;
    }

    public int count() {
        return size;
    }

    /**
     * The nearest-rank percentile: the smallest sample with at least {@code p} percent of the
     * samples at or below it. So p50 of 1..4 is 2 and p100 is the maximum; no interpolation
     * invents a latency nobody saw.
     */
    public long percentile(double p) {
        if (size == 0) {
            throw new IllegalStateException("no samples");
        }
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100], got " + p);
        }
        sort();
        // The epsilon undoes floating point: 99.9 / 100 * 1000 is 999.0000000000001, not rank 1000.
        int rank = (int) Math.ceil(p / 100.0 * size - 1e-9);
        return micros[Math.min(size, Math.max(1, rank)) - 1];
    }

    public long max() {
        return percentile(100);
    }

    /** p50, p99, p99.9 and max. */
    public Summary summary() {
        return new Summary(size, percentile(50), percentile(99), percentile(99.9), max());
    }

    private void sort() {
        if (!sorted) {
            Arrays.sort(micros, 0, size);
            sorted = true;
        }
    }

    /**
     * The percentiles a report shows, in microseconds.
     *
     * @param count samples behind them
     */
    public record Summary(int count, long p50, long p99, long p999, long max) {
    }
}
