package dev.syncasync.theory;

/**
 * How far a measurement may land from its prediction and still agree with the theory: within
 * {@code relative} of it either way, plus {@code slackMs} either way for a prediction under
 * {@code slackBelowMs} (a lone 50 ms request cannot absorb the jitter of a few round trips in
 * 15%). The bounds are whole milliseconds, as load tools report latencies: the lower one
 * rounded down, the upper one up.
 *
 * <p>The lab uses one band everywhere ({@link #standard}): 15% either way, plus two measured
 * round trips below 100 ms. A band is derived from the model and the run's measured round
 * trip; it is never widened to fit what a run printed.
 *
 * @param relative     the relative tolerance either way, e.g. 0.15
 * @param slackMs      the absolute tolerance added either way for short predictions, ms
 * @param slackBelowMs predictions below this (ms) get the slack; at or above, only {@code relative}
 */
public record Band(double relative, double slackMs, double slackBelowMs) {

    /** The widest relative tolerance the lab allows: 15%. */
    public static final double MAX_RELATIVE = 0.15;

    /** Predictions under this many ms get two round trips of slack. */
    public static final double SHORT_MS = 100;

    public Band {
        if (!(relative >= 0 && relative <= MAX_RELATIVE) || !(slackMs >= 0) || !(slackBelowMs >= 0)) {
            throw new IllegalArgumentException("a band is at most +-" + MAX_RELATIVE * 100 + "% with a slack >= 0, got "
                    + relative + ", " + slackMs + " ms below " + slackBelowMs + " ms");
        }
    }

    /** The lab's band: +-15%, plus two round trips ({@code roundTripMs}, measured) for predictions under 100 ms. */
    public static Band standard(double roundTripMs) {
        return new Band(MAX_RELATIVE, 2 * Math.max(0, roundTripMs), SHORT_MS);
    }

    /** The lowest measurement that agrees with {@code predicted}, in whole ms (never below 0). */
    public long lower(double predicted) {
        return Math.max(0, (long) Math.floor(predicted * (1 - relative) - slack(predicted)));
    }

    /** The highest measurement that agrees with {@code predicted}, in whole ms. */
    public long upper(double predicted) {
        return (long) Math.ceil(predicted * (1 + relative) + slack(predicted));
    }

    /**
     * Whether {@code measured} agrees with {@code predicted}. Also for throughput (requests per
     * second), where the slack does not apply: only latencies are jittered by round trips.
     */
    public boolean contains(double predicted, double measured) {
        if (Double.isNaN(predicted)) {
            return true;
        }
        if (Double.isNaN(measured)) {
            return false;
        }
        return measured >= lower(predicted) && measured <= upper(predicted);
    }

    /** Whether a throughput agrees: within {@code relative} of the prediction, no slack, no rounding. */
    public boolean containsRate(double predicted, double measured) {
        if (Double.isNaN(predicted)) {
            return true;
        }
        return !Double.isNaN(measured) && Math.abs(measured - predicted) <= relative * predicted;
    }

    private double slack(double predicted) {
        return predicted < slackBelowMs ? slackMs : 0;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "+-%.0f%%%s", relative * 100,
                slackMs > 0 ? String.format(java.util.Locale.ROOT, " (+-%.1f ms below %.0f ms)", slackMs, slackBelowMs) : "");
    }
}
