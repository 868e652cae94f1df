package dev.syncasync.theory;

/**
 * What the theory predicts for one scenario on one topology, in the units a load tool
 * reports: latency percentiles and maximum in milliseconds, throughput in requests per
 * second. A value the model cannot give (the maximum of a Poisson run) is {@code NaN}.
 *
 * @param model      how the prediction was made, for the report ("batch: 25 waves of 400 ms")
 * @param p50        median latency, ms
 * @param p95        95th percentile latency, ms
 * @param max        largest latency, ms; NaN when unbounded in theory
 * @param throughput requests per second over the run
 */
public record Prediction(String model, double p50, double p95, double max, double throughput) {

    /**
     * {@code n} requests at once on {@code c} slots of {@code t} ms: exact waves
     * ({@link Batch}); throughput is n over the makespan.
     */
    public static Prediction batch(int n, int c, double t) {
        return batch(n, c, t, 0);
    }

    /**
     * {@code n} requests at once on {@code c} slots of {@code t} ms, passing one by one through
     * a single-threaded stage that spends {@code serialMs} on each (the balancer's event loop,
     * the load generator's): request i (in dispatch order) completes at
     * {@code wave(i) * t + (i + 1) * serialMs}. With serialMs = 0 these are {@link Batch}'s waves.
     */
    public static Prediction batch(int n, int c, double t, double serialMs) {
        int waves = Batch.waves(n, c);
        double makespan = completion(n - 1, c, t, serialMs);
        return new Prediction("batch: " + n + " at once on " + c + " slots, " + waves + " wave" + (waves == 1 ? "" : "s")
                + " of " + trim(t) + " ms" + (serialMs > 0 ? ", +" + trim(serialMs) + " ms per request ahead in line" : ""),
                completion(rank(n, 0.50), c, t, serialMs), completion(rank(n, 0.95), c, t, serialMs), makespan,
                n / makespan * 1000);
    }

    private static double completion(int i, int c, double t, double serialMs) {
        return Batch.completion(i, c, t) + (i + 1) * serialMs;
    }

    /** The 0-based index of the nearest-rank {@code p}-quantile of n ordered values. */
    private static int rank(int n, double p) {
        return Math.max(0, (int) Math.ceil(p * n) - 1);
    }

    /**
     * {@code n} requests at once of {@code cpu} ms of computation, on a topology that runs
     * {@code threads} at once on {@code cores} cores. Threads beyond the cores share them, so
     * each wave of min(n, threads) requests takes {@code cpu * threads / cores}: the makespan is
     * {@link CpuBound#makespan} whichever the topology, and only the spread differs.
     */
    public static Prediction cpuBound(int n, double cpu, int threads, int cores) {
        int c = Math.min(n, threads);
        double perWave = cpu * Math.max(1.0, (double) c / cores);
        double makespan = CpuBound.makespan(n, cpu, threads, cores);
        return new Prediction("cpu-bound: " + n + " x " + trim(cpu) + " ms on " + threads + " thread"
                + (threads == 1 ? "" : "s") + " and " + cores + " core" + (cores == 1 ? "" : "s"),
                Batch.percentile(n, c, perWave, 0.50), Batch.percentile(n, c, perWave, 0.95),
                makespan, n / makespan * 1000);
    }

    /**
     * One client sending {@code n} requests of {@code t} ms one after another: a closed loop of
     * one ({@link ClosedLoop}), so nobody ever waits, every request takes t, and the client is
     * done after n * t on any number of slots.
     */
    public static Prediction sequential(int n, double t) {
        double each = ClosedLoop.responseTime(1, 1, t);
        return new Prediction("sequential: " + n + " one after another, " + trim(n * each) + " ms in all",
                each, each, each, ClosedLoop.throughput(1, 1, t / 1000));
    }

    /**
     * Open Poisson arrivals at {@code lambda} per second on {@code c} slots of deterministic
     * service {@code t} ms (M/D/c): the Erlang C wait, halved for deterministic service, plus
     * t. Throughput is lambda. Only for a stable queue (lambda * t < c); see {@link #overload}.
     */
    public static Prediction open(double lambdaPerSec, int c, double t) {
        double lambda = lambdaPerSec / 1000;
        double rho = ErlangC.utilisation(lambda, c, t);
        // Deterministic service: the M/M/c wait quantiles, halved (the same correction as the mean).
        double p50 = t + ErlangC.waitPercentile(lambda, c, t, 0.50) / 2;
        double p95 = t + ErlangC.waitPercentile(lambda, c, t, 0.95) / 2;
        return new Prediction("open: " + trim(lambdaPerSec) + "/s on " + c + " slots of " + trim(t)
                + " ms, utilisation " + Math.round(rho * 100) + "% (Erlang C, M/D/c)",
                p50, p95, Double.NaN, lambdaPerSec);
    }

    /**
     * Open arrivals at {@code lambda} per second for {@code seconds} on {@code c} slots of
     * {@code t} ms, beyond capacity: the queue grows by (lambda - c/t) every second, so the
     * last arrival waits for all of it. Latency climbs linearly from t to {@code max}.
     */
    public static Prediction overload(double lambdaPerSec, int c, double t, double seconds) {
        double capacity = c / t * 1000;
        if (lambdaPerSec <= capacity) {
            throw new IllegalArgumentException("not an overload: " + lambdaPerSec + "/s on a capacity of " + capacity + "/s");
        }
        double backlog = (lambdaPerSec - capacity) * seconds;
        double max = t + backlog / capacity * 1000;
        return new Prediction("overload: " + trim(lambdaPerSec) + "/s on a capacity of " + trim(capacity)
                + "/s: the queue grows by " + trim(lambdaPerSec - capacity) + " every second",
                t + (max - t) * 0.50, t + (max - t) * 0.95, max, capacity);
    }

    /** The relative error of {@code measured} against {@code predicted}: (m - p) / p; NaN if unknown. */
    public static double relativeError(double predicted, double measured) {
        if (Double.isNaN(predicted) || Double.isNaN(measured) || predicted == 0) {
            return Double.NaN;
        }
        return (measured - predicted) / predicted;
    }

    private static String trim(double v) {
        if (v == Math.rint(v)) {
            return Long.toString((long) v);
        }
        return String.format(java.util.Locale.ROOT, v < 1 ? "%.2f" : "%.1f", v);
    }
}
