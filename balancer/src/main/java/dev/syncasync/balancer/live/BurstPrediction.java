package dev.syncasync.balancer.live;

import dev.syncasync.theory.Band;
import dev.syncasync.theory.Batch;
import dev.syncasync.theory.Prediction;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * What the theory says a burst will do on the active pool (DESIGN: n requests at once on c
 * slots ride {@code ceil(n/c)} waves of T; an event loop that waits without blocking has c = n,
 * one wave; computation shares the cores, so a wave of c requests of {@code cpu} takes
 * {@code cpu * max(1, c/cores)}). T counts the work only; the round trip of an empty request,
 * measured through the same client port just before the burst, comes on top of every answer
 * ({@link #withRoundTrip}). Each statistic is asserted within the lab's band
 * ({@link Band#standard}: +-15%, plus two round trips under 100 ms).
 *
 * @param model    the formula and its numbers, as the demo's report words it
 * @param slots    c: requests the pool serves at once, capped at n
 * @param cores    the cores the balancer's JVM sees (the workers' in {@code ./lab up})
 * @param waves    {@code ceil(n/c)}
 * @param waveMs   how long one wave takes: T
 * @param p50      median completion, ms from the burst
 * @param p95      95th percentile completion, ms
 * @param makespan when the last request completes, ms
 * @param mean     mean completion, ms
 * @param roundTripMs the measured round trip added to every answer (0: the work alone)
 */
record BurstPrediction(String model, int slots, int cores, int waves, double waveMs, double p50, double p95,
                       double makespan, double mean, double roundTripMs) {

    /** The prediction for {@code burst} on a pool of {@code poolSlots} free slots and {@code cores} cores. */
    static BurstPrediction of(BurstRequest burst, int poolSlots, int cores) {
        int n = burst.n();
        int c = Math.max(1, Math.min(n, poolSlots));
        double waveMs = burst.ioMs() + burst.cpuMs() * Math.max(1.0, (double) c / cores);
        Prediction p;
        String model;
        if (burst.cpuMs() == 0) {
            p = Prediction.batch(n, c, burst.ioMs());
            model = p.model();
        } else if (burst.ioMs() == 0) {
            p = Prediction.cpuBound(n, burst.cpuMs(), c, cores);
            model = p.model();
        } else {
            p = Prediction.batch(n, c, waveMs);
            model = p.model() + " (io " + burst.ioMs() + " ms, then cpu " + burst.cpuMs() + " ms on " + cores
                    + " core" + (cores == 1 ? "" : "s") + ": an approximation)";
        }
        return new BurstPrediction(model, c, cores, Batch.waves(n, c), waveMs, p.p50(), p.p95(), p.max(),
                Batch.mean(n, c, waveMs), 0);
    }

    /** The same work with the measured round trip {@code rtMs} on top of every answer. */
    BurstPrediction withRoundTrip(double rtMs) {
        double extra = rtMs - roundTripMs;
        return new BurstPrediction(model, slots, cores, waves, waveMs, p50 + extra, p95 + extra, makespan + extra,
                mean + extra, rtMs);
    }

    /** The band every statistic of this burst is asserted within. */
    Band band() {
        return Band.standard(roundTripMs);
    }

    /** When request {@code i} (0-based, in dispatch order) completes: {@code (floor(i/c) + 1) * T + rt}. */
    double completion(int i) {
        return Batch.completion(i, slots, waveMs) + roundTripMs;
    }

    JsonObject toJson() {
        return new JsonObject()
                .put("model", model)
                .put("slots", slots)
                .put("cores", cores)
                .put("waves", waves)
                .put("waveMs", round(waveMs))
                .put("p50", round(p50))
                .put("p95", round(p95))
                .put("makespan", round(makespan))
                .put("mean", round(mean))
                .put("roundTripMs", round(roundTripMs))
                .put("band", band().toString());
    }

    /** Every request's predicted completion, in dispatch order. */
    JsonArray completions(int n) {
        JsonArray out = new JsonArray();
        for (int i = 0; i < n; i++) {
            out.add(round(completion(i)));
        }
        return out;
    }

    static double round(double ms) {
        return Math.round(ms * 10) / 10.0;
    }
}
