package dev.syncasync.gatling;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import dev.syncasync.theory.Prediction;

/**
 * 100 requests at once that compute instead of wait ({@code cpu=C}): only as many run as
 * there are cores, whichever the topology, so async is not faster. The model is processor
 * sharing ({@link Prediction#cpuBound}): the requests are handed round-robin to the pool's
 * threads (sync) or event loops (async), which share the workers' cores - {@code -Dcores},
 * the cores the workers really get (./lab demo pins the workers to their own cores and says
 * how many). Asserted: p50, p95 and max within the lab's band. {@code -Dusers=100 -Dcpu=20}
 * by default.
 */
public class CpuBound extends LabSimulation {

    public CpuBound() {
        int users = param("users", Params.integer("users", 100, 1, 10_000));
        int cpu = param("cpu", Params.integer("cpu", 20, 1, 60_000));
        String name = users + " at once, cpu=" + cpu;
        // Each request needs its cpu plus what handling it costs the worker (measured before the run).
        Prediction p = Prediction.cpuBound(users, cpu + workerCpuMs, lab.computeThreads(), lab.cores(), overheadMs);
        // A closed burst's throughput is n over its slowest latency, which max already checks.
        expect(name, new Prediction(p.model() + (workerCpuMs > 0 ? " (cpu=" + cpu + " + " + Prediction.trim(workerCpuMs)
                + " ms of request handling on the worker, measured)" : ""), p.p50(), p.p95(), p.max(), Double.NaN),
                "the workers' " + lab.cores() + " core" + (lab.cores() == 1 ? "" : "s") + " also ran other work "
                        + "(other processes, the JIT, the load generator when the workers are not pinned)");
        setUp(warmUpThen(scenario(name).exec(work(name, "cpu=" + cpu)).injectOpen(atOnceUsers(users))))
                .protocols(protocol())
                .assertions(assertionsOf());
    }

    @Override
    protected String loadModel() {
        return "closed";
    }
}
