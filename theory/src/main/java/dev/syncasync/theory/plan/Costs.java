package dev.syncasync.theory.plan;

import java.util.List;

/**
 * What a request and a worker cost besides the work a request asks for, as the lab measured it.
 * {@link #LAB} holds the numbers the lab's own runs recorded; {@link #sources()} says where each
 * one comes from, so the planner's output can cite them. A number no run measured is not here.
 *
 * @param roundTripMs        what a request that never waits pays on top of its work (the hops)
 * @param holdMs             how much longer than its work a request holds its worker slot
 * @param syncHandlingCpuMs  a sync worker's CPU to handle one request, besides its {@code cpu}
 * @param asyncHandlingCpuMs an async worker's CPU to handle one request, besides its {@code cpu}
 * @param balancerMaxRate    requests per second the balancer forwards at most, on a core of its own
 * @param syncWorkerMiB      memory of one sync worker JVM (one thread)
 * @param asyncWorkerMiB     memory of one async worker JVM (one event loop)
 * @param balancerMiB        memory of the balancer's JVM
 * @param threadStackKiB     the stack a further thread may take at most (the JVMs' {@code -Xss})
 * @param requestKiB         what the balancer and a worker allocate per request
 * @param virtualThreadKiB   what a virtual thread holds while its request waits
 */
public record Costs(double roundTripMs, double holdMs, double syncHandlingCpuMs, double asyncHandlingCpuMs,
                    double balancerMaxRate, double syncWorkerMiB, double asyncWorkerMiB, double balancerMiB,
                    double threadStackKiB, double requestKiB, double virtualThreadKiB) {

    /** The lab's measured costs (each one's source in {@link #sources()}). */
    public static final Costs LAB = new Costs(4, 3, 0.4, 0.1, 24_814, 88.5, 103.1, 125.8, 512, 12.2, 854 / 1024.0);

    public Costs {
        for (double v : new double[] {roundTripMs, holdMs, syncHandlingCpuMs, asyncHandlingCpuMs, balancerMaxRate,
            syncWorkerMiB, asyncWorkerMiB, balancerMiB, threadStackKiB, requestKiB, virtualThreadKiB}) {
            if (!(v >= 0)) {
                throw new IllegalArgumentException("a cost must be >= 0, got " + v);
            }
        }
    }

    /** The same costs with the round trip and slot hold measured elsewhere (a calibration). */
    public Costs withHops(double newRoundTripMs, double newHoldMs) {
        return new Costs(newRoundTripMs, newHoldMs, syncHandlingCpuMs, asyncHandlingCpuMs, balancerMaxRate, syncWorkerMiB,
                asyncWorkerMiB, balancerMiB, threadStackKiB, requestKiB, virtualThreadKiB);
    }

    /** Where each of {@link #LAB}'s numbers comes from, one line each. */
    public static List<String> sources() {
        return List.of(
                "round trip 4 ms, slot hold 3 ms: docs/theory.md, 'What is measured before the scenario' (rt 1-4 ms, "
                        + "h 0.2-3 ms on this 2-core machine; the upper ends; --round-trip and --hold replace them)",
                "handling CPU 0.4 ms (sync), 0.1 ms (async) per request: docs/theory.md, the same table (w: 0.2-0.4 ms "
                        + "sync, 0.06-0.1 ms async; the upper ends)",
                "balancer at most 24,814 req/s on a core of its own: docs/benchmarks.md (./lab bench, pinned layout)",
                "88.5 MiB per sync worker, 103.1 MiB per async worker: README, ./lab sweep config/sweeps/capacity.yml "
                        + "(worker_mem_mean_mib: sync x1..x8 87.1-89.9, async x1, x2 103.1, 103.0; containers)",
                "125.8 MiB for the balancer: README, ./lab sweep config/sweeps/small.yml (balancer_mem_mean_mib "
                        + "126.4, 128.1, 123.0)",
                "a further thread: at most its 512 KiB stack (-Xss512k, every lab JVM's flag; not measured)",
                "12.2 KiB per request in flight: docs/benchmarks.md, allocated per request (balancer 8.0 + worker "
                        + "4.2 KiB), times the requests in flight (Little's law)",
                "virtual: 854 B per virtual thread in flight: docs/benchmarks.md, ./lab tasks (a million virtual threads "
                        + "in Thread.sleep); a virtual worker's JVM and handling CPU taken as the sync worker's (the same "
                        + "image and Undertow handler; not measured in virtual mode)");
    }
}
