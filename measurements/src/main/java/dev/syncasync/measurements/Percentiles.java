package dev.syncasync.measurements;

import java.util.Arrays;

/**
 * The one definition of a percentile and a median in the lab. Percentiles are nearest-rank,
 * the way the theory ranks the requests of a batch ({@code theory.Batch}), so a predicted p95
 * and a measured p95 point at the same request.
 */
public final class Percentiles {

    private Percentiles() {
    }

    /**
     * The nearest-rank {@code p} percentile (0..1) of ascending {@code sorted} values: the
     * smallest value with at least {@code p} of them at or below it. NaN when there is none.
     */
    public static double nearestRank(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    /** The median of {@code values} in any order (the mean of the middle two for an even count); NaN when empty. */
    public static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
