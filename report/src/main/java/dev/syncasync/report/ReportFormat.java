package dev.syncasync.report;

import java.util.Locale;

/**
 * Text for the HTML report: numbers printed the same way on every machine
 * ({@link Locale#ROOT}, so a German locale never turns 401.8 into "401,8").
 */
final class ReportFormat {

    /** What an unknown value (NaN) shows as. */
    static final String UNKNOWN = "–";

    private ReportFormat() {
    }

    /**
     * A latency (ms) or a throughput (req/s) with as many decimals as its size deserves:
     * "1023", "40.2", "3.75"; NaN as {@link #UNKNOWN}.
     */
    static String number(double value) {
        if (Double.isNaN(value)) {
            return UNKNOWN;
        }
        double size = Math.abs(value);
        String pattern = size >= 100 || value == Math.rint(value) ? "%.0f" : size >= 10 ? "%.1f" : "%.2f";
        return String.format(Locale.ROOT, pattern, value);
    }

    /** A measured value beside its relative error against the prediction: "1023 (+1.8%)". */
    static String withError(double predicted, double measured) {
        double error = DemoReport.Stats.error(predicted, measured);
        return Double.isNaN(error) ? number(measured)
                : number(measured) + String.format(Locale.ROOT, " (%+.1f%%)", error * 100);
    }

    /** A coordinate in an SVG: one decimal is finer than a pixel and keeps the file small. */
    static String coord(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    /** A duration for people: "850 ms", "4.9 s", "3 min 12 s". */
    static String duration(double ms) {
        if (Double.isNaN(ms)) {
            return UNKNOWN;
        }
        if (ms < 1000) {
            return String.format(Locale.ROOT, "%.0f ms", ms);
        }
        if (ms < 120_000) {
            return String.format(Locale.ROOT, "%.1f s", ms / 1000);
        }
        long seconds = Math.round(ms / 1000);
        return String.format(Locale.ROOT, "%d min %d s", seconds / 60, seconds % 60);
    }
}
