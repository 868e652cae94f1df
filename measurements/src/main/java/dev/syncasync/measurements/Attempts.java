package dev.syncasync.measurements;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A measurement run again while the disturbance guard ({@link Disturbance}) finds it disturbed,
 * at most {@link #ATTEMPTS} times in all: what was kept, how many attempts ran, and what
 * disturbed each disturbed one (in order).
 *
 * @param result       the last attempt's result (null when it did not run)
 * @param attempts     attempts made
 * @param disturbances what the guard saw in each disturbed attempt
 * @param <T>          what one attempt measures
 */
public record Attempts<T>(T result, int attempts, List<String> disturbances) {

    /** A measurement runs at most this often: once, and again twice while it is disturbed. */
    public static final int ATTEMPTS = 3;

    /** One attempt of a measurement. */
    @FunctionalInterface
    public interface Measurement<T> {
        /** Runs attempt {@code attempt} (1-based); null when it could not run. */
        T run(int attempt) throws Exception;
    }

    public Attempts {
        disturbances = List.copyOf(disturbances);
    }

    /**
     * Runs {@code measurement} again while {@code check} finds it disturbed, at most
     * {@link #ATTEMPTS} times in all, telling {@code rerun} why before each re-run. A null
     * result (the measurement did not run) ends the attempts.
     */
    public static <T> Attempts<T> measure(Measurement<T> measurement, Function<T, Disturbance> check,
                                          Consumer<String> rerun) throws Exception {
        List<String> disturbances = new ArrayList<>();
        for (int attempt = 1; ; attempt++) {
            T result = measurement.run(attempt);
            if (result == null) {
                return new Attempts<>(null, attempt, disturbances);
            }
            Disturbance d = check.apply(result);
            if (!d.disturbed()) {
                return new Attempts<>(result, attempt, disturbances);
            }
            disturbances.add(d.describe());
            if (attempt == ATTEMPTS) {
                return new Attempts<>(result, attempt, disturbances);
            }
            rerun.accept(d.describe());
        }
    }

    /** Whether every attempt was disturbed: no verdict on the result. */
    public boolean disturbed() {
        return attempts > 0 && disturbances.size() == attempts;
    }

    /** The disturbed attempts, for a note ("" when none). */
    public String history() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < disturbances.size(); i++) {
            out.add("attempt " + (i + 1) + " disturbed (" + disturbances.get(i) + ")");
        }
        return String.join("; ", out);
    }
}
