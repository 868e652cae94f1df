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
 * One after another, nobody ever waits and the client is done after {@code n * (io + round
 * trip)} on any topology; at once, the topology decides: waves of {@code io} plus the slot's
 * hold ({@link Prediction#waves}).
 *
 * <p>Bursts of more than 100 users (the seed's table has 1000) get their connections opened right before
 * the bursts ({@link #connectionsFor}), as the warm-up opens 100 for the smaller ones.
 *
 * <p>{@code -DatOnceIo=50,50,200} gives the concurrent steps their own io, one per n: a burst
 * of 100 costs the balancer and the load generator 20 to 90 ms beyond its work on a 2-core
 * machine, varying by +-20 ms from burst to burst, so at {@code io=50} no model holds it
 * within 15%; at 200 the work dominates. A step whose io differs from {@code -Dio} says so in
 * its name ("100 at once, io=200").
 */
public class SequentialVsConcurrent extends LabSimulation {

    public SequentialVsConcurrent() {
        List<Integer> ns = param("n", Params.integers("n", List.of(1, 10, 100), 1, 10_000));
        int io = param("io", Params.integer("io", 50, 1, 60_000));
        List<Integer> atOnceIo = param("atOnceIo", Params.integers("atOnceIo", ns.stream().map(n -> io).toList(), 1, 60_000));
        if (atOnceIo.size() != ns.size()) {
            throw new IllegalArgumentException("-DatOnceIo needs one io per n (" + ns.size() + "), got " + atOnceIo);
        }
        List<PopulationBuilder> steps = new ArrayList<>();
        for (int n : ns) {
            String sequential = n + " one after another";
            // The group's duration is the client's total; each request takes io plus the round trip.
            double all = n * (io + overheadMs);
            Prediction total = new Prediction("sequential: " + n + " one after another, each io " + io + " + round trip "
                    + Prediction.trim(overheadMs) + " ms, nobody waits", all, all, all, Double.NaN);
            String each = sequential + " (each)";
            expectGroup(sequential, tag(each), total, "round trips slower than the calibrated one (a stall of the "
                    + "balancer, a worker or the load generator)");
            steps.add(scenario(sequential).group(sequential).on(repeat(n).on(work(each, "io=" + io)))
                    .injectOpen(atOnceUsers(1)));
        }
        // A burst of more users than the warm-up opened connections for (n=1000: the seed's table) gets them
        // opened just before the bursts, as the first warm-up opens the smaller bursts' connections.
        steps.addAll(connectionsFor(ns.stream().mapToInt(Integer::intValue).max().orElse(1)));
        for (int k = 0; k < ns.size(); k++) {
            int n = ns.get(k);
            int burstIo = atOnceIo.get(k);
            String concurrent = n + " at once" + (burstIo == io ? "" : ", io=" + burstIo);
            expect(concurrent, burst(n, burstIo), burstCause(n));
            steps.add(scenario(concurrent).exec(work(concurrent, "io=" + burstIo)).injectOpen(atOnceUsers(n)));
        }
        setUp(warmUpThen(inSequence(steps))).protocols(protocol()).assertions(assertionsOf());
    }

    @Override
    protected String loadModel() {
        return "closed";
    }
}
