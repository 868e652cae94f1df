package dev.syncasync.gatling;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import dev.syncasync.admin.AdminClient;
import dev.syncasync.admin.WorkerView;
import dev.syncasync.admin.WorkersView;
import dev.syncasync.theory.Batch;
import dev.syncasync.theory.Prediction;
import io.gatling.javaapi.core.PopulationBuilder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The concurrency ladder (issue 14, point 6): {@code n} simultaneous {@code GET /work?io=T} for
 * each n of {@code -Dn=1000,10000} at {@code -Dio=2000}, one step after another, on the active
 * pool, through the balancer.
 *
 * <p>The theory is {@link Prediction#waves}, the same model as every other burst: n requests on
 * {@code c} slots leave in {@code ceil(n / c)} waves of {@code io} plus the measured hold. What
 * this simulation adds is what {@code c} is at these sizes: the balancer sends each worker at most
 * its {@code inFlightLimit} requests at once (read from {@code GET /admin/workers}). A sync worker's
 * capacity is its threads (4 x 1 = 4 slots: 1000 requests in 250 waves); an async or virtual worker
 * has none, and over h2c (the default upstream to both) the balancer sets it no limit, so every
 * rung is one wave; over HTTP/1.1 ({@code async-upstream: http1}) the limit is
 * {@code balancer.max-connections-per-worker} (512 by default: 10,000 at once on one worker in 20
 * waves). The serial cost of a burst is calibrated at the largest rung's size
 * ({@code -DcalibrationBurst}, set by {@code ./lab gatling}): per request it falls as bursts grow.
 * The prediction says which; the assertions hold the measurement to it within the lab's band.
 *
 * <p>Its time is bounded: a step whose predicted last answer is later than {@code -DmaxSeconds}
 * (120 by default) is refused before any request, with the numbers - 10,000 at {@code io=2000}
 * on 4 sync slots would take 2500 waves, 83 minutes. Run the sync pool at {@code -Dn=1000
 * -Dio=50} (250 waves, about 13 s).
 */
public class ConcurrencyLadder extends LabSimulation {

    /** The longest a step may be predicted to take by default, seconds. */
    static final int DEFAULT_MAX_SECONDS = 120;
    /** The rungs without {@code -Dn}, and the largest one allowed. */
    static final List<Integer> DEFAULT_RUNGS = List.of(1_000, 10_000);
    static final int MAX_RUNG = 10_000;

    public ConcurrencyLadder() {
        List<Integer> ns = param("n", Params.integers("n", DEFAULT_RUNGS, 1, MAX_RUNG));
        int io = param("io", Params.integer("io", 2_000, 1, 60_000));
        int maxSeconds = param("maxSeconds", Params.integer("maxSeconds", DEFAULT_MAX_SECONDS, 1, 3_600));
        int slots = param("balancerSlots", balancerSlots(readWorkers(adminUrl)));
        System.out.println("lab: the balancer sends the " + lab.topology() + " pool at most "
                + (slots == Integer.MAX_VALUE ? "any number of" : Integer.toString(slots)) + " requests at once");
        List<Step> plan = plan(ns, io, slots, holdMs, overheadMs, serialMs, maxSeconds, lab.topology());
        List<PopulationBuilder> steps = new ArrayList<>(connectionsFor(ns.stream().mapToInt(Integer::intValue).max()
                .orElse(1)));
        for (Step step : plan) {
            expect(step.name(), step.prediction(), step.waves() > 1
                    ? "a wave took longer than io plus the calibrated hold (the balancer's queue, a worker or the load "
                            + "generator descheduled), or the balancer sent a worker fewer requests than its in-flight "
                            + "limit"
                    : "the burst's serial cost (the balancer's and the load generator's event loops, on two shared "
                            + "cores) differed from the calibration's bursts (-DcalibrationBurst; ./lab gatling sizes "
                            + "them as the largest rung)");
            steps.add(scenario(step.name()).exec(work(step.name(), "io=" + io)).injectOpen(atOnceUsers(step.n())));
        }
        setUp(warmUpThen(inSequence(steps))).protocols(protocol()).assertions(assertionsOf());
    }

    /** One rung: n at once, its waves on the balancer's slots, and the theory's latencies. */
    record Step(String name, int n, int waves, Prediction prediction) {
    }

    /**
     * The ladder's rungs: for each n, {@code n} at once of {@code io} on {@code slots} slots
     * ({@link Prediction#waves} with the measured hold, round trip and serial cost).
     *
     * @throws IllegalArgumentException when a rung's predicted last answer is later than
     *                                  {@code maxSeconds}: the message gives its waves and time and how to bound it
     */
    static List<Step> plan(List<Integer> ns, int io, int slots, double holdMs, double roundTripMs, double serialMs,
                           int maxSeconds, String pool) {
        List<Step> out = new ArrayList<>();
        for (int n : ns) {
            Prediction p = Prediction.waves(n, slots, io, holdMs, roundTripMs, serialMs);
            int waves = Batch.waves(n, Math.min(n, slots));
            if (p.max() > maxSeconds * 1000.0) {
                throw new IllegalArgumentException(String.format(Locale.ROOT, "%d at once at io=%d on the %s pool's %d "
                        + "slots take %d waves, the last answer after %.0f s: more than -DmaxSeconds=%d. Bound it with a "
                        + "shorter io or fewer requests (the sync pool: -Dn=1000 -Dio=50, 250 waves in about 13 s), or "
                        + "raise -DmaxSeconds", n, io, pool, slots, waves, p.max() / 1000, maxSeconds));
            }
            out.add(new Step(n + " at once, io=" + io, n, waves, p));
        }
        return List.copyOf(out);
    }

    /**
     * Requests the balancer sends the active pool at once: over its ready workers, each one's
     * capacity capped by the balancer's in-flight limit for it - for a worker without a capacity
     * (async, virtual) that limit alone ({@code balancer.max-connections-per-worker}, or
     * {@code in-flight-limit}). {@link Integer#MAX_VALUE} only when no limit is reported at all.
     */
    static int balancerSlots(WorkersView view) {
        long slots = 0;
        for (WorkerView w : view.workers()) {
            if (w.ready() && w.active()) {
                slots += Math.min((long) w.capacity(), w.inFlightLimit());
            }
        }
        return (int) Math.min(slots, Integer.MAX_VALUE);
    }

    private static WorkersView readWorkers(String adminUrl) {
        try {
            return new AdminClient(adminUrl).workers();
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    @Override
    protected String loadModel() {
        return "closed";
    }
}
