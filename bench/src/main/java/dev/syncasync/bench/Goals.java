package dev.syncasync.bench;

import java.util.List;
import java.util.Locale;

/** The goals of the issue, checked against a run: what the balancer may add, and lose. */
final class Goals {

    static final double MAX_ADDED_P50_MS = 0.3;
    static final double MAX_ADDED_P99_MS = 2.0;
    static final double MIN_THROUGHPUT_RATIO = 0.5;

    private Goals() {
    }

    /**
     * One goal and how the run did.
     *
     * @param name     what is measured
     * @param measured the run's value, formatted
     * @param goal     the bound, formatted
     * @param pass     whether the value is within the bound
     */
    record Check(String name, String measured, String goal, boolean pass) {

        String verdict() {
            return pass ? "PASS" : "MISS";
        }
    }

    static List<Check> check(BenchResult r) {
        return List.of(throughput(r.throughputRatio()), addedP50(r.addedP50Ms()), addedP99(r.addedP99Ms()));
    }

    static Check throughput(double ratio) {
        return new Check("balancer throughput / direct", format("%.2f", ratio),
                format(">= %.2f", MIN_THROUGHPUT_RATIO), ratio >= MIN_THROUGHPUT_RATIO);
    }

    static Check addedP50(double ms) {
        return new Check("added p50", format("%+.3f ms", ms), format("<= %.1f ms", MAX_ADDED_P50_MS),
                ms <= MAX_ADDED_P50_MS);
    }

    static Check addedP99(double ms) {
        return new Check("added p99", format("%+.3f ms", ms), format("<= %.1f ms", MAX_ADDED_P99_MS),
                ms <= MAX_ADDED_P99_MS);
    }

    private static String format(String pattern, double value) {
        return String.format(Locale.ROOT, pattern, value);
    }
}
