package dev.syncasync.measurements;

import java.util.Locale;

/**
 * The disturbance guard's rule: whether a measurement was made on the machine the theory
 * describes, or on one that something else took part of. It looks at the cause, never at the
 * measured latency: a window is disturbed when
 * <ul>
 *   <li>other processes used more than {@link #OTHERS_LIMIT} of a core on the lab's CPUs on
 *   average ({@link CpuSampler}) - a tenth of a worker's core is the whole budget of a 15% band
 *   once the model's own few percent are spent; or</li>
 *   <li>a JVM of the lab or the load generator stalled for longer than the window can absorb
 *   ({@link HiccupMeter}: garbage collection, safepoints, a core taken away) - 5% of its
 *   smallest prediction ({@link #stallLimit}), and never less than {@link #STALL_FLOOR_MS}.</li>
 * </ul>
 * {@code ./lab demo}, {@code ./lab plan --verify} and {@code ./lab sweep} judge with this one rule
 * and run a disturbed measurement again ({@link Attempts}).
 *
 * @param othersCores    other processes' CPU on the lab's CPUs, cores on average (NaN = not measured)
 * @param labStallMs     the lab JVM's longest stall (0 = not watched)
 * @param gatlingStallMs the load generator's JVM's longest stall
 * @param stallLimitMs   the longest stall the window could absorb
 */
public record Disturbance(double othersCores, double labStallMs, double gatlingStallMs, double stallLimitMs) {

    /** Other processes' CPU (cores, on average over a window) beyond which it is disturbed. */
    public static final double OTHERS_LIMIT = 0.10;

    /** The smallest stall (ms) that disturbs a window: below it, wake-ups are late by the scheduler's own granularity. */
    public static final double STALL_FLOOR_MS = 10;

    /** Nothing measured (no /proc): never disturbed, and says so. */
    public static final Disturbance UNMEASURED = new Disturbance(Double.NaN, 0, 0, Double.POSITIVE_INFINITY);

    /** The stall limit of a window whose smallest checked prediction is {@code smallestMs}: 5% of it. */
    public static double stallLimit(double smallestMs) {
        return Double.isNaN(smallestMs) ? STALL_FLOOR_MS : Math.max(STALL_FLOOR_MS, 0.05 * smallestMs);
    }

    /** Whether something took part of the machine beyond what the window can absorb. */
    public boolean disturbed() {
        return othersCores > OTHERS_LIMIT || labStallMs > stallLimitMs || gatlingStallMs > stallLimitMs;
    }

    /** Why it was disturbed, or what was seen when it was not. */
    public String describe() {
        StringBuilder out = new StringBuilder();
        if (!Double.isNaN(othersCores)) {
            out.append(String.format(Locale.ROOT, "other processes used %.2f cores", othersCores));
        }
        if (labStallMs >= HiccupMeter.THRESHOLD_MS) {
            out.append(out.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT, "a %.0f ms stall in the lab's JVM",
                    labStallMs));
        }
        if (gatlingStallMs >= HiccupMeter.THRESHOLD_MS) {
            out.append(out.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT, "a %.0f ms stall in Gatling's JVM",
                    gatlingStallMs));
        }
        return out.isEmpty() ? "no disturbance measured" : out.toString();
    }
}
