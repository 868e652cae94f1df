package dev.syncasync.theory;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Poisson arrivals drawn before a run: exponential gaps of mean {@code 1000 / rate} ms from a
 * seeded generator, so the schedule is the experiment's input - injected exactly by the load
 * generator, and pushed through the model ({@link SlotQueue}) before the first request.
 */
public final class PoissonSchedule {

    private PoissonSchedule() {
    }

    /**
     * The arrival times (ms from the step's start, ascending) of a Poisson process of
     * {@code ratePerSec} over {@code durationMs}; the same seed gives the same schedule.
     */
    public static double[] draw(double ratePerSec, double durationMs, long seed) {
        if (!(ratePerSec > 0) || !(durationMs > 0)) {
            throw new IllegalArgumentException("need rate > 0 and duration > 0, got " + ratePerSec + ", " + durationMs);
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<Double> out = new ArrayList<>();
        double t = 0;
        while (true) {
            t += -Math.log(1 - random.nextDouble()) * 1000.0 / ratePerSec;
            if (t >= durationMs) {
                break;
            }
            out.add(t);
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
