package dev.syncasync.balancer.live;

import dev.syncasync.measurements.Percentiles;
import dev.syncasync.theory.Band;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One burst from its send to its last answer: when each request completed, counted from the
 * moment the first was sent, as the theory counts it. Confined to the balancer's event loop.
 */
final class BurstRun {

    /** Waves shorter than this cannot be told apart from the noise of a busy machine. */
    static final double SHORTEST_COUNTABLE_WAVE_MS = 20;

    final long id;
    final BurstRequest request;
    final String pool;
    final BurstPrediction predicted;
    /** When the requests were handed to their connections ({@link #sending}); the clock of every completion. */
    private long startNanos = System.nanoTime();
    /** Completion times of the answered requests, ms from the start, in answer order. */
    private final double[] completions;
    private final Map<Integer, Integer> statuses = new TreeMap<>();
    private int answered;
    private int ok;
    /** The 200s' completions in ascending order, sorted when read (ticks are rarer than answers). */
    private double[] okSorted = new double[0];
    private long endNanos;

    BurstRun(long id, BurstRequest request, String pool, BurstPrediction predicted) {
        this.id = id;
        this.request = request;
        this.pool = pool;
        this.predicted = predicted;
        this.completions = new double[request.n()];
    }

    /** The requests are being sent now: completions count from here, as the theory counts them. */
    void sending() {
        startNanos = System.nanoTime();
    }

    /** Request answered with {@code status} (0: no answer at all) at {@code nanos}. */
    void answered(int status, long nanos) {
        double ms = (nanos - startNanos) / 1_000_000.0;
        statuses.merge(status, 1, Integer::sum);
        if (status == 200) {
            completions[ok++] = ms;
        }
        answered++;
        if (finished()) {
            endNanos = nanos;
        }
    }

    boolean finished() {
        return answered == request.n();
    }

    /** What every tick of the stream carries: the numbers, not every request. */
    JsonObject summary() {
        long until = finished() ? endNanos : System.nanoTime();
        JsonObject codes = new JsonObject();
        statuses.forEach((status, count) -> codes.put(status == 0 ? "none" : Integer.toString(status), count));
        return new JsonObject()
                .put("id", id)
                .put("n", request.n())
                .put("io", request.ioMs())
                .put("cpu", request.cpuMs())
                .put("pool", pool)
                .put("state", finished() ? "done" : "running")
                .put("answered", answered)
                .put("ok", ok)
                .put("failed", answered - ok)
                .put("statuses", codes)
                .put("elapsedMs", BurstPrediction.round((until - startNanos) / 1_000_000.0))
                .put("predicted", predicted.toJson())
                .put("measured", measured());
    }

    /** The summary with every completion, measured (ascending) and predicted (in dispatch order). */
    JsonObject details() {
        JsonArray measured = new JsonArray();
        for (double ms : sorted()) {
            measured.add(BurstPrediction.round(ms));
        }
        return summary().put("completions", measured).put("predictedCompletions", predicted.completions(request.n()));
    }

    private double[] sorted() {
        if (okSorted.length != ok) {
            okSorted = Arrays.copyOf(completions, ok);
            Arrays.sort(okSorted);
        }
        return okSorted;
    }

    private JsonObject measured() {
        double[] times = sorted();
        if (ok == 0) {
            return null;
        }
        double sum = 0;
        for (double ms : times) {
            sum += ms;
        }
        Integer waves = predicted.waveMs() >= SHORTEST_COUNTABLE_WAVE_MS ? waves(times, predicted.waveMs() / 2) : null;
        JsonObject measured = new JsonObject()
                .put("waves", waves)
                .put("p50", BurstPrediction.round(Percentiles.nearestRank(times, 0.50)))
                .put("p95", BurstPrediction.round(Percentiles.nearestRank(times, 0.95)))
                .put("makespan", BurstPrediction.round(times[ok - 1]))
                .put("mean", BurstPrediction.round(sum / ok));
        return finished() ? measured.put("verdict", verdict(measured, waves)) : measured;
    }

    /**
     * Every statistic shown beside a prediction, asserted: the latencies within the band, the
     * waves exactly (when they are long enough to count), and every request answered 200.
     */
    private JsonObject verdict(JsonObject measured, Integer waves) {
        Band band = predicted.band();
        JsonObject errors = new JsonObject();
        List<String> outside = new ArrayList<>();
        JsonObject theory = predicted.toJson();
        for (String stat : List.of("p50", "p95", "makespan", "mean")) {
            double p = theory.getDouble(stat);
            double m = measured.getDouble(stat);
            errors.put(stat, BurstPrediction.round(100 * (m - p) / p));
            if (!band.contains(p, m)) {
                outside.add(stat);
            }
        }
        if (waves != null && waves != predicted.waves()) {
            outside.add("waves");
        }
        if (ok != request.n()) {
            outside.add("answered");
        }
        boolean agrees = outside.isEmpty();
        JsonObject verdict = new JsonObject().put("agrees", agrees).put("band", band.toString())
                .put("errorPct", errors).put("outside", new JsonArray(outside));
        if (!agrees) {
            verdict.put("likelyCause", likelyCause(outside));
        }
        return verdict;
    }

    private String likelyCause(List<String> outside) {
        if (outside.contains("answered")) {
            return "not every request was answered 200 (see statuses): the queue or a worker refused some";
        }
        if (request.cpuMs() > 0) {
            return "the computation did not get the " + predicted.cores() + " core" + (predicted.cores() == 1 ? "" : "s")
                    + " to itself: in ./lab up the balancer, the burst's client and other processes share them";
        }
        return "something besides the work delayed the answers: other processes on the machine, a stall of the "
                + "balancer's JVM, or requests of other clients in the queue";
    }

    /**
     * Waves seen in ascending completion times: a new one starts wherever two completions lie
     * more than {@code gapMs} apart (half a wave: the answers of one wave arrive within
     * milliseconds of each other, the next wave a whole T later).
     */
    static int waves(double[] sorted, double gapMs) {
        if (sorted.length == 0) {
            return 0;
        }
        int waves = 1;
        for (int i = 1; i < sorted.length; i++) {
            if (sorted[i] - sorted[i - 1] > gapMs) {
                waves++;
            }
        }
        return waves;
    }
}
