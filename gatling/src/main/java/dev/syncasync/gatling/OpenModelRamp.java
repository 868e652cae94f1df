package dev.syncasync.gatling;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import dev.syncasync.theory.Prediction;
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
 * <p>Below capacity the sync pool's latency follows Erlang C (M/D/c: the M/M/c wait,
 * halved for deterministic service); past it the queue grows by {@code rate - c/io} every
 * second and latency climbs without bound. The async pool has no slot limit: every request
 * takes {@code io} at every step. Defaults: {@code -Dio=100}, steps of {@code -Dduration=4}
 * seconds at 25%, 50%, 75%, 90% and 150% of the sync pool's capacity, or {@code -Drates=10,20,60}.
 */
public class OpenModelRamp extends LabSimulation {

    public OpenModelRamp() {
        int io = param("io", Params.integer("io", 100, 1, 60_000));
        int seconds = param("duration", Params.integer("duration", 4, 1, 3_600));
        double syncCapacity = lab.syncSlots() * 1000.0 / io;
        List<Integer> defaults = new ArrayList<>();
        for (double f : new double[] {0.25, 0.5, 0.75, 0.9, 1.5}) {
            defaults.add((int) Math.max(1, Math.round(syncCapacity * f)));
        }
        List<Integer> rates = param("rates", Params.integers("rates", defaults, 1, 100_000));

        List<PopulationBuilder> steps = new ArrayList<>();
        for (int rate : rates) {
            String name = String.format(Locale.ROOT, "%d/s, io=%d", rate, io);
            expectStep(name, rate, io, seconds);
            steps.add(scenario(name).exec(work(name, "io=" + io))
                    .injectOpen(constantUsersPerSec(rate).during(Duration.ofSeconds(seconds)).randomized()));
        }
        setUp(warmUpThen(inSequence(steps))).protocols(protocol()).assertions(assertionsOf());
    }

    private void expectStep(String name, int rate, int io, int seconds) {
        if (lab.slots() == Integer.MAX_VALUE) {
            // No slot limit: nobody waits.
            double t = io + overheadMs;
            Prediction p = new Prediction("open: " + rate + "/s, no limit on requests at once: nobody waits",
                    t, t, Double.NaN, rate);
            expect(name, p, new Expectation.Band(0.98 * io / t, 1.5, 20), "p50", "p95");
            return;
        }
        int c = lab.slots();
        double t = io + overheadMs;
        double capacity = c * 1000.0 / t;
        if (rate < capacity) {
            Prediction p = Prediction.open(rate, c, t);
            // A few seconds of Poisson arrivals start from the previous step's queue, not from the
            // steady state the formula assumes: only the median is checked, between the floor (io:
            // nobody is faster than the service) and twice the prediction.
            expect(name, p, new Expectation.Band(io * 0.98 / p.p50(), 2.0, 20), "p50");
        } else {
            Prediction p = Prediction.overload(rate, c, t, seconds);
            // The queue must grow: the worst wait reaches at least half of the linear build-up.
            expect(name, p, new Expectation.Band(0.5, 1.5, 200), "max");
        }
    }

    @Override
    protected String loadModel() {
        return "open";
    }
}
