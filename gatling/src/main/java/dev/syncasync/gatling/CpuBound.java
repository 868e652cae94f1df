package dev.syncasync.gatling;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import dev.syncasync.theory.Prediction;

/**
 * 100 requests at once that compute instead of wait ({@code cpu=C}): only as many run as
 * there are cores, whichever the topology, so async is not faster. The theory's makespan
 * ({@code n * C / min(threads, cores)}) is a floor - nobody computes faster than the cores
 * allow - and the load generator and the balancer share those cores, so the band above it
 * is wide. {@code -Dusers=100 -Dcpu=20} by default.
 */
public class CpuBound extends LabSimulation {

    public CpuBound() {
        int users = param("users", Params.integer("users", 100, 1, 10_000));
        int cpu = param("cpu", Params.integer("cpu", 20, 1, 60_000));
        String name = users + " at once, cpu=" + cpu;
        Prediction p = Prediction.cpuBound(users, cpu, lab.computeThreads(), lab.cores());
        // Floor: 0.9 (CPU time is counted per thread; wall-clock rounding). Ceiling: the lab shares
        // its cores with Gatling, the balancer and whatever else the machine runs, so allow 3x;
        // the point - async is not faster - is the comparison ./lab demo puts side by side.
        expect(name, p, new Expectation.Band(0.9, 3.0, 50), "max");
        setUp(warmUpThen(scenario(name).exec(work(name, "cpu=" + cpu)).injectOpen(atOnceUsers(users))))
                .protocols(protocol())
                .assertions(assertionsOf());
    }

    @Override
    protected String loadModel() {
        return "closed";
    }
}
