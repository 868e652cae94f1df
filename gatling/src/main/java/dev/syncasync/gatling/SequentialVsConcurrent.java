package dev.syncasync.gatling;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.repeat;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import dev.syncasync.theory.Prediction;
import io.gatling.javaapi.core.PopulationBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * The table of the first reference text: n requests sent one after another by one client,
 * then n sent at once, for n in {@code -Dn=1,10,100} with {@code io=T} ({@code -Dio=50}).
 * One after another, nobody ever waits and the client is done after n * T on any topology;
 * at once, the topology decides: {@code ceil(n / c) * T}. T is {@code io} plus the measured
 * round trip of an empty request. The sequential totals are the
 * groups "n one after another" (their duration); the concurrent totals are the maxima of
 * "n at once".
 */
public class SequentialVsConcurrent extends LabSimulation {

    public SequentialVsConcurrent() {
        List<Integer> ns = param("n", Params.integers("n", List.of(1, 10, 100), 1, 10_000));
        int io = param("io", Params.integer("io", 50, 1, 60_000));
        List<PopulationBuilder> steps = new ArrayList<>();
        for (int n : ns) {
            String sequential = n + " one after another";
            // The group's duration is the client's total; each request takes io plus the round trip.
            double t = io + overheadMs;
            Prediction one = Prediction.sequential(n, t);
            double all = n * one.max();
            Prediction total = new Prediction(one.model() + ", nobody waits", all, all, all, one.throughput());
            String each = sequential + " (each)";
            expect(sequential, tag(each), total, tenPercentAbove(io / t), "max");
            steps.add(scenario(sequential).group(sequential).on(repeat(n).on(work(each, "io=" + io)))
                    .injectOpen(atOnceUsers(1)));
        }
        for (int n : ns) {
            String concurrent = n + " at once";
            double t = io + overheadMs;
            expect(concurrent, Prediction.batch(n, lab.slotsFor(n), t, serialMs),
                    tenPercentAbove(io / (t + n * serialMs)), "max");
            steps.add(scenario(concurrent).exec(work(concurrent, "io=" + io)).injectOpen(atOnceUsers(n)));
        }
        setUp(warmUpThen(inSequence(steps))).protocols(protocol()).assertions(assertionsOf());
    }

    @Override
    protected String loadModel() {
        return "closed";
    }
}
