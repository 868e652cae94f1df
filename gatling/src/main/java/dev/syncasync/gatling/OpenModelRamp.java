package dev.syncasync.gatling;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.nothingFor;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import dev.syncasync.theory.ErlangC;
import dev.syncasync.theory.PoissonSchedule;
import dev.syncasync.theory.Prediction;
import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.PopulationBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An open model: requests arrive at random (Poisson) at a rate that rises in steps past the
 * sync pool's capacity ({@code c / io}), whatever happens to the earlier ones - the way
 * users of a web site arrive. Latency counts from each request's own send time, so a slow
 * answer cannot hide the arrivals behind it (no coordinated omission).
 *
 * <p>The arrival times are drawn before the run from a seeded Poisson process
 * ({@link PoissonSchedule}; {@code -Dseed=N}, a new one per run by default, printed) and
 * injected exactly. The prediction pushes that very schedule through the pool: a FIFO queue
 * of c slots that each hold a request for {@code io} plus the measured hold
 * ({@link Prediction#schedule}), so a step of a few seconds is predicted as it will run,
 * transient and all - Erlang C's steady state (M/D/c), which a 4-second step does not reach,
 * is shown beside it as a reference and not asserted. Past capacity the same queue predicts
 * the growing backlog. The async and virtual pools have no slot limit: every request takes {@code io} plus
 * the round trip (its max is a tail with no prediction). Defaults: {@code -Dio=100}, steps of
 * {@code -Dduration=4} seconds at 25%, 50%, 75%, 90% and 150% of the sync pool's capacity,
 * or {@code -Drates=10,20,60}.
 */
public class OpenModelRamp extends LabSimulation {

    private static final long STEP_SEED = 0x9E3779B97F4A7C15L;

    public OpenModelRamp() {
        int io = param("io", Params.integer("io", 100, 1, 60_000));
        int seconds = param("duration", Params.integer("duration", 4, 1, 3_600));
        long seed = param("seed", Params.longInteger("seed", System.nanoTime() & 0xFFFF_FFFFL));
        System.out.println("lab: OpenModelRamp's schedule is drawn with -Dseed=" + seed);
        double syncCapacity = lab.syncSlots() * 1000.0 / io;
        List<Integer> defaults = new ArrayList<>();
        for (double f : new double[] {0.25, 0.5, 0.75, 0.9, 1.5}) {
            defaults.add((int) Math.max(1, Math.round(syncCapacity * f)));
        }
        List<Integer> rates = param("rates", Params.integers("rates", defaults, 1, 100_000));

        List<PopulationBuilder> steps = new ArrayList<>();
        for (int k = 0; k < rates.size(); k++) {
            int rate = rates.get(k);
            String name = String.format(Locale.ROOT, "%d/s, io=%d", rate, io);
            double[] arrivals = PoissonSchedule.draw(rate, seconds * 1000.0, seed + k * STEP_SEED);
            expect(name, predict(name, rate, arrivals, io), lab.unlimited()
                    ? "Gatling did not send on schedule, or the balancer's or a worker's loop stalled"
                    : "Gatling did not send on schedule, or a slot was held longer than io plus the calibrated hold "
                            + "(a stalled worker)");
            steps.add(scenario(name).exec(work(name, "io=" + io)).injectOpen(inject(arrivals)));
        }
        setUp(warmUpThen(inSequence(steps))).protocols(protocol()).assertions(assertionsOf());
    }

    /** The schedule as Gatling injection steps: a pause to each arrival, then one user. */
    static List<OpenInjectionStep> inject(double[] arrivalsMs) {
        List<OpenInjectionStep> out = new ArrayList<>();
        long previousUs = 0;
        for (double a : arrivalsMs) {
            long us = Math.round(a * 1000);
            if (us > previousUs) {
                out.add(nothingFor(Duration.ofNanos((us - previousUs) * 1000)));
            }
            out.add(atOnceUsers(1));
            previousUs = Math.max(previousUs, us);
        }
        return out;
    }

    private Prediction predict(String name, int rate, double[] arrivals, int io) {
        if (arrivals.length == 0) {
            throw new IllegalArgumentException("the schedule of " + name + " has no arrival: raise -Dduration or the rate");
        }
        Prediction p = Prediction.schedule(name, arrivals, lab.slots(), io, holdMs, overheadMs);
        if (lab.unlimited()) {
            // Nobody waits (async, or virtual without max-concurrent): the model's max is io + round trip, and the measured max is a tail it does not describe.
            return new Prediction(p.model(), p.p50(), p.p95(), Double.NaN, p.throughput());
        }
        return new Prediction(p.model() + "; " + erlangReference(rate, lab.slots(), io + holdMs), p.p50(), p.p95(), p.max(),
                p.throughput());
    }

    /** Erlang C's steady state, for the reader: not asserted, a few seconds of arrivals do not reach it. */
    private static String erlangReference(int rate, int c, double t) {
        double rho = ErlangC.utilisation(rate / 1000.0, c, t);
        if (rho >= 1) {
            return String.format(Locale.ROOT, "reference: utilisation %.0f%%, no steady state (Erlang C)", rho * 100);
        }
        Prediction steady = Prediction.open(rate, c, t);
        return String.format(Locale.ROOT, "reference, not asserted: Erlang C steady state (M/D/%d, utilisation %.0f%%) "
                + "p50 %.0f, p95 %.0f ms", c, rho * 100, steady.p50(), steady.p95());
    }

    @Override
    protected String loadModel() {
        return "open";
    }
}
