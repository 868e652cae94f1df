package dev.syncasync.demo;

import dev.syncasync.measurements.HiccupMeter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The disturbance guard: tells whether a measurement was made on the machine the theory
 * describes, or on one that something else took part of. It watches the cause, never the
 * measured latency: a row is disturbed when, during its own requests,
 * <ul>
 *   <li>other processes used more than {@link #OTHERS_LIMIT} of a core on the lab's CPUs on
 *   average ({@link CpuSampler}: busy time minus both JVMs' CPU time) - a tenth of a worker's
 *   core is the whole budget of a 15% band once the model's own few percent are spent; or</li>
 *   <li>the lab's JVM (the balancer's event loop, the workers) or Gatling's stalled for longer
 *   than the row can absorb ({@link HiccupMeter}: garbage collection, safepoints, a core taken
 *   away) - 5% of its smallest prediction, and never less than {@link #STALL_FLOOR_MS}.</li>
 * </ul>
 * A disturbed simulation is run again, at most twice; a row still disturbed is reported as
 * disturbed, never as agreeing.
 */
final class Guard implements AutoCloseable {

    /** Other processes' CPU (cores, on average over a row) beyond which the row is disturbed. */
    static final double OTHERS_LIMIT = 0.10;

    /** The smallest stall (ms) that disturbs a row: below it, wake-ups are late by the scheduler's own granularity. */
    static final double STALL_FLOOR_MS = 10;

    /**
     * What the guard saw during one window.
     *
     * @param othersCores    other processes' CPU on the lab's CPUs, cores on average (NaN = not measured)
     * @param labStallMs     the lab JVM's longest stall
     * @param gatlingStallMs the Gatling JVM's longest stall
     * @param stallLimitMs   the longest stall the window could absorb
     */
    record Disturbance(double othersCores, double labStallMs, double gatlingStallMs, double stallLimitMs) {

        /** Nothing measured (no /proc): never disturbed, and says so. */
        static final Disturbance UNMEASURED = new Disturbance(Double.NaN, 0, 0, Double.POSITIVE_INFINITY);

        boolean disturbed() {
            return othersCores > OTHERS_LIMIT || labStallMs > stallLimitMs || gatlingStallMs > stallLimitMs;
        }

        /** Why it was disturbed, or what was seen when it was not. */
        String describe() {
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

    /** A measurement runs at most this often: once, and again twice while it is disturbed. */
    static final int ATTEMPTS = 3;

    /** One measurement of {@link #measure}. */
    @FunctionalInterface
    interface Measurement<T> {
        T run(int attempt) throws Exception;
    }

    /**
     * What {@link #measure} kept: the last attempt's result, how many attempts ran, and what
     * disturbed each disturbed one (in order).
     *
     * @param result      the last attempt's result (null when it did not run)
     * @param attempts    attempts made
     * @param disturbances what the guard saw in each disturbed attempt
     */
    record Attempts<T>(T result, int attempts, List<String> disturbances) {

        /** Whether every attempt was disturbed: no verdict on the result. */
        boolean disturbed() {
            return disturbances.size() == attempts;
        }

        /** The disturbed attempts, for the row's note ("" when none). */
        String history() {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < disturbances.size(); i++) {
                out.add("attempt " + (i + 1) + " disturbed (" + disturbances.get(i) + ")");
            }
            return String.join("; ", out);
        }
    }

    /**
     * Runs {@code measurement} again while {@code check} finds it disturbed, at most
     * {@link #ATTEMPTS} times in all, telling {@code rerun} why before each re-run. A result
     * that is null (the measurement did not run) ends the attempts.
     */
    static <T> Attempts<T> measure(Measurement<T> measurement, Function<T, Disturbance> check, Consumer<String> rerun)
            throws Exception {
        List<String> disturbances = new ArrayList<>();
        for (int attempt = 1; ; attempt++) {
            T result = measurement.run(attempt);
            if (result == null) {
                return new Attempts<>(null, attempt, List.copyOf(disturbances));
            }
            Disturbance d = check.apply(result);
            if (!d.disturbed()) {
                return new Attempts<>(result, attempt, List.copyOf(disturbances));
            }
            disturbances.add(d.describe());
            if (attempt == ATTEMPTS) {
                return new Attempts<>(result, attempt, List.copyOf(disturbances));
            }
            rerun.accept(d.describe());
        }
    }

    private final CpuSampler cpu;
    private final HiccupMeter meter = HiccupMeter.start();
    private final Path gatlingStalls;
    private final AtomicLong gatlingPid;

    private Guard(CpuSampler cpu, Path gatlingStalls, AtomicLong gatlingPid) {
        this.cpu = cpu;
        this.gatlingStalls = gatlingStalls;
        this.gatlingPid = gatlingPid;
    }

    /**
     * Starts watching: the lab's CPUs {@code cpus} (all when empty), this JVM, and the Gatling
     * JVM whose pid is set later ({@link #watchGatling}) and whose stalls it writes to {@code gatlingStalls}.
     */
    static Guard start(Set<Integer> cpus, Path gatlingStalls) {
        AtomicLong pid = new AtomicLong();
        return new Guard(CpuSampler.available() ? CpuSampler.start(cpus, pid::get) : null, gatlingStalls, pid);
    }

    /** Counts the CPU of the Gatling JVM {@code pid} as the lab's own from now on. */
    void watchGatling(long pid) {
        gatlingPid.set(pid);
    }

    /** Where the Gatling JVM writes its stalls ({@code -Dlab.stallsFile}). */
    Path gatlingStalls() {
        return gatlingStalls;
    }

    /** What disturbed {@code [fromMs, toMs]}, for a window that can absorb stalls up to {@code stallLimitMs}. */
    Disturbance check(long fromMs, long toMs, double stallLimitMs) {
        List<HiccupMeter.Stall> gatling;
        try {
            gatling = HiccupMeter.read(gatlingStalls);
        } catch (IOException | RuntimeException e) {
            gatling = List.of();
        }
        double others = cpu == null ? Double.NaN : cpu.others(fromMs, toMs);
        return new Disturbance(others, meter.longest(fromMs, toMs), HiccupMeter.longest(gatling, fromMs, toMs),
                Math.max(STALL_FLOOR_MS, stallLimitMs));
    }

    /** The stall limit of a row whose smallest checked prediction is {@code smallestMs}: 5% of it. */
    static double stallLimit(double smallestMs) {
        return Double.isNaN(smallestMs) ? STALL_FLOOR_MS : Math.max(STALL_FLOOR_MS, 0.05 * smallestMs);
    }

    @Override
    public void close() {
        meter.close();
        if (cpu != null) {
            cpu.close();
        }
    }
}
