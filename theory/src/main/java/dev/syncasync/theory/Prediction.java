package dev.syncasync.theory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
        return cpuBound(n, cpu, threads, cores, 0);
    }

    /**
     * {@code n} requests at once of {@code cpu} ms of computation, handed round-robin to
     * {@code threads} threads (a sync pool's threads, or event loops) that share {@code cores}
     * cores ({@link ProcessorSharing}); each latency is its completion plus {@code roundTripMs}
     * (the hops to and from the worker). The makespan is {@link CpuBound#makespan} whichever
     * the topology; only the spread differs.
     */
    public static Prediction cpuBound(int n, double cpu, int threads, int cores, double roundTripMs) {
        int c = Math.min(n, threads);
        List<ProcessorSharing.Job> jobs = new ArrayList<>();
        for (int j = 0; j < c; j++) {
            double[] items = new double[n / c + (j < n % c ? 1 : 0)];
            Arrays.fill(items, cpu);
            jobs.add(new ProcessorSharing.Job(0, items));
        }
        double[] latencies = Arrays.stream(ProcessorSharing.completions(jobs, cores)).flatMapToDouble(Arrays::stream)
                .map(t -> t + roundTripMs).toArray();
        double makespan = CpuBound.makespan(n, cpu, threads, cores);
        return fromLatencies("processor sharing: " + n + " x " + trim(cpu) + " ms of CPU on " + c + " thread"
                + (c == 1 ? "" : "s") + " sharing " + cores + " core" + (cores == 1 ? "" : "s") + " (makespan "
                + trim(makespan) + " ms)" + (roundTripMs > 0 ? ", + " + trim(roundTripMs) + " ms round trip" : ""),
                latencies, n / (makespan + roundTripMs) * 1000);
    }

    /**
     * A prediction from the model's latency of every request: nearest-rank p50 and p95 (as
     * measured ones are ranked), the largest, and the given throughput (NaN = no prediction).
     */
    public static Prediction fromLatencies(String model, double[] latencies, double throughput) {
        if (latencies.length == 0) {
            throw new IllegalArgumentException("no latencies for " + model);
        }
        double[] sorted = latencies.clone();
        Arrays.sort(sorted);
        return new Prediction(model, sorted[rank(sorted.length, 0.50)], sorted[rank(sorted.length, 0.95)],
                sorted[sorted.length - 1], throughput);
    }

    /**
     * {@code n} requests at once of {@code io} ms of waiting, on {@code slots} slots
     * ({@link Integer#MAX_VALUE} = no limit): request i (dispatch order, from 0) holds its slot
     * for {@code io + holdMs} and its client sees it after
     * {@code wave(i) * (io + holdMs) + (roundTripMs - holdMs) + (i mod c) * serialMs}, where
     * {@code holdMs} is what the balancer-to-worker hop adds to a slot's hold, {@code roundTripMs}
     * the client's round trip of an empty request and {@code serialMs} what each further request
     * of a wave waits behind the ones ahead of it (the balancer's and the load generator's single
     * event loops). All three are measured before the run. No throughput is predicted: a burst's
     * is n over its slowest latency, which the max already checks.
     */
    public static Prediction waves(int n, int slots, double io, double holdMs, double roundTripMs, double serialMs) {
        int c = Math.min(n, slots);
        double period = io + holdMs;
        double[] latencies = new double[n];
        for (int i = 0; i < n; i++) {
            latencies[i] = Batch.completion(i, c, period) + (roundTripMs - holdMs) + (i % c) * serialMs;
        }
        int waves = Batch.waves(n, c);
        return fromLatencies("waves: " + n + " at once on " + (slots >= n ? "unlimited" : Integer.toString(c))
                + " slots, " + waves + " wave" + (waves == 1 ? "" : "s") + " of " + trim(period) + " ms (io " + trim(io)
                + " + hold " + trim(holdMs) + "), + round trip " + trim(roundTripMs) + " - hold"
                + (serialMs > 0 ? ", + " + trim(serialMs) + " ms per request ahead in line" : ""),
                latencies, Double.NaN);
    }

    /**
     * Open arrivals at the given times (ms, ascending: a schedule drawn before the run) on
     * {@code slots} slots that each hold a request for {@code io + holdMs}, FIFO
     * ({@link SlotQueue}); a request that does not wait takes {@code io + roundTripMs}. The
     * throughput is the requests over the span from the first arrival to the last answer.
     */
    public static Prediction schedule(String label, double[] arrivalsMs, int slots, double io, double holdMs,
                                      double roundTripMs) {
        double[] latencies = SlotQueue.latencies(arrivalsMs, slots, io + holdMs, io + roundTripMs);
        double last = 0;
        for (int i = 0; i < latencies.length; i++) {
            last = Math.max(last, arrivalsMs[i] + latencies[i]);
        }
        double span = last - arrivalsMs[0];
        long waited = Arrays.stream(SlotQueue.waits(arrivalsMs, slots, io + holdMs)).filter(w -> w > 0).count();
        return fromLatencies("schedule through a FIFO queue: " + label + ", " + arrivalsMs.length + " arrivals on "
                + (slots == Integer.MAX_VALUE ? "unlimited" : Integer.toString(slots)) + " slots of " + trim(io + holdMs)
                + " ms (io " + trim(io) + " + hold " + trim(holdMs) + "), latency = wait + io + round trip "
                + trim(roundTripMs) + "; " + waited + " of them wait",
                latencies, arrivalsMs.length / span * 1000);
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

    /** A number as the models print it: whole when whole, else one decimal (two below 1). */
    public static String trim(double v) {
        if (v == Math.rint(v)) {
            return Long.toString((long) v);
        }
        return String.format(java.util.Locale.ROOT, v < 1 ? "%.2f" : "%.1f", v);
    }
}
