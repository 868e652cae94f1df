package dev.syncasync.theory.plan;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A latency objective: a percentile of the latency ({@code p99=250ms}) or of the time a request
 * waits for a slot ({@code wait=50ms}: its 99th percentile; a Poisson queue's largest wait has
 * no bound) at or below a limit.
 *
 * @param waitOnly whether the limit is on the queue wait rather than the whole latency
 * @param quantile which percentile, 0..1 exclusive (0.99 for p99)
 * @param limitMs  the limit, ms
 */
public record Objective(boolean waitOnly, double quantile, double limitMs) {

    private static final Pattern SYNTAX = Pattern.compile("(p(\\d{1,2}(?:\\.\\d+)?)|wait)=(\\d+(?:\\.\\d+)?)(ms|s)?");

    public Objective {
        if (!(quantile > 0 && quantile < 1) || !(limitMs >= 0)) {
            throw new IllegalArgumentException("need a percentile in 0..100 (exclusive) and a limit >= 0, got "
                    + quantile + ", " + limitMs);
        }
    }

    /**
     * {@code p99=250ms}, {@code p50=120}, {@code p99.9=1s} or {@code wait=20ms}; a number without
     * a unit is milliseconds.
     *
     * @throws IllegalArgumentException saying what is wrong, with the accepted forms
     */
    public static Objective parse(String text) {
        Matcher m = SYNTAX.matcher(text == null ? "" : text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("must be pNN=<time> (a latency percentile, e.g. p99=250ms) or wait=<time> "
                    + "(the 99th percentile of the queue wait, e.g. wait=20ms), got '" + text + "'");
        }
        double limit = Double.parseDouble(m.group(3)) * ("s".equals(m.group(4)) ? 1000 : 1);
        if (m.group(2) == null) {
            return new Objective(true, 0.99, limit);
        }
        double percent = Double.parseDouble(m.group(2));
        if (!(percent > 0 && percent < 100)) {
            throw new IllegalArgumentException("the percentile must lie between 0 and 100, got p" + m.group(2));
        }
        return new Objective(false, percent / 100, limit);
    }

    /** The statistic's name: {@code p99}, {@code p99.9}, or {@code wait p99}. */
    public String statistic() {
        String p = "p" + trim(quantile * 100);
        return waitOnly ? "wait " + p : p;
    }

    /** {@code p99 <= 250 ms}. */
    public String describe() {
        return statistic() + " <= " + trim(limitMs) + " ms";
    }

    /** Whether a forecast's statistic meets the limit. */
    public boolean metBy(double value) {
        return value <= limitMs;
    }

    private static String trim(double v) {
        double rounded = Math.round(v * 1000) / 1000.0;
        return rounded == Math.rint(rounded) ? Long.toString((long) rounded) : Double.toString(rounded);
    }
}
