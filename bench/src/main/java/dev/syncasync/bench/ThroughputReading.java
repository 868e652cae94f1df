package dev.syncasync.bench;

import static dev.syncasync.bench.ResultTables.format;
import static dev.syncasync.bench.ResultTables.perSecond;
import static dev.syncasync.bench.ResultTables.percent;

/**
 * The throughput paragraph of a run's reading, for its layout: what set each path's maximum, from
 * the run's own CPU numbers, so the ratio can be checked against what the cores could do.
 */
final class ThroughputReading {

    /** A core busier than this was the limit of a closed loop. */
    private static final double FULL = 0.9;

    private ThroughputReading() {
    }

    static String of(BenchResult r) {
        return r.layout().pinned() ? pinned(r) : shared(r);
    }

    private static String verdict(BenchResult r) {
        return format("**Throughput.** Through the balancer the path answered %s req/s, %.0f%% of the %s req/s"
                        + " direct: %s the >= %.0f%% goal.", perSecond(r.balancer().maxPerSecond()),
                100 * r.throughputRatio(), perSecond(r.direct().maxPerSecond()),
                r.throughputRatio() >= Goals.MIN_THROUGHPUT_RATIO ? "it meets" : "it misses",
                100 * Goals.MIN_THROUGHPUT_RATIO);
    }

    /** Each path is as fast as its busiest core allows: one core direct, the slower of two through the balancer. */
    private static String pinned(BenchResult r) {
        PathResult d = r.direct();
        PathResult b = r.balancer();
        Layout l = r.layout();
        double c0d = d.jvmCpuMicros(CpuMeter.Jvm.MAIN);
        double c0b = b.jvmCpuMicros(CpuMeter.Jvm.MAIN);
        double c1b = b.jvmCpuMicros(CpuMeter.Jvm.BALANCER);
        String text = verdict(r) + format(" Direct, cpu %d runs the client and the worker: it was %s busy, and"
                        + " their JVM spent %.1f us of CPU per request (%.1f us on the client's loop, %.1f us on the"
                        + " worker's, the rest in GC, JIT and the JVM's other threads), so one core answers at most"
                        + " 1 s / %.1f us = %s req/s. Through the balancer, cpu %d runs the same client and worker"
                        + " (%s busy, %.1f us per request) and cpu %d the balancer's JVM (%s busy, %.1f us per request,"
                        + " %.1f us of it on its one event loop). The two cores work in parallel, so the path goes as"
                        + " fast as the busier one allows: 1 s / %.1f us = %s req/s, measured %s.",
                l.clientCpu(), percent(d.maxRateCpuBusy(l.clientCpu())), c0d, d.partCpuMicros(Part.CLIENT),
                d.partCpuMicros(Part.WORKER), c0d, perSecond(1e6 / c0d), l.clientCpu(),
                percent(b.maxRateCpuBusy(l.clientCpu())), c0b, l.balancerCpu(),
                percent(b.maxRateCpuBusy(l.balancerCpu())), c1b, b.partCpuMicros(Part.BALANCER), Math.max(c0b, c1b),
                perSecond(1e6 / Math.max(c0b, c1b)), perSecond(b.maxPerSecond()));
        text += limit(c0b, c1b);
        if (c0b > 1.2 * c0d) {
            text += format(" The same client and worker cost %.1f us per request through the balancer against %.1f us"
                            + " direct, and their event loops were put on the core %.2f times per request against"
                            + " %.2f. Our reading: direct, they talk over loopback on one core, so the kernel's work"
                            + " for each packet and the wake-up of its reader stay on that core and in its cache, and"
                            + " a loop finds several requests ready when it wakes; through the balancer every hop"
                            + " crosses cores (the kernel handles a loopback packet on the core that sends it, then"
                            + " wakes the reader on the other; socket data moves between the two caches) and the"
                            + " loops wake more often for fewer requests. That cost lands on cpu %d: it belongs to the"
                            + " balancer path, not to the balancer's own process, and even a free balancer could not"
                            + " take the path past 1 s / %.1f us = %s req/s, a ratio of %.2f.",
                    c0b, c0d, b.loopWakeupsPerRequest(CpuMeter.Jvm.MAIN), d.loopWakeupsPerRequest(CpuMeter.Jvm.MAIN),
                    l.clientCpu(), c0b, perSecond(1e6 / c0b), 1e6 / c0b / d.maxPerSecond());
        }
        double busiest = Math.max(b.maxRateCpuBusy(l.clientCpu()), b.maxRateCpuBusy(l.balancerCpu()));
        if (busiest < FULL) {
            text += format(" Neither core was full (the busier %s): with %d connections the round trip through one"
                    + " more hop, not the CPU, set the rate; more --connections would show the cores' limit.",
                    percent(busiest), r.options().connections());
        }
        return text + format(" So the ratio answers the deployment question: can the balancer, on a core of its"
                        + " own, forward what one core of client and worker produce? It does not make the balancer"
                        + " free: all JVMs together spent %.1f us per request through it against %.1f us direct"
                        + " (x%.2f), because the proxy does a server's job and a client's job for every request.",
                b.cpuMicrosPerRequest(), d.cpuMicrosPerRequest(), b.cpuMicrosPerRequest() / d.cpuMicrosPerRequest());
    }

    /** Which core limits the balancer path, from CPU per request on each; within 5% it is a tie. */
    static String limit(double clientWorkerMicros, double balancerMicros) {
        if (Math.abs(clientWorkerMicros - balancerMicros) <= 0.05 * Math.max(clientWorkerMicros, balancerMicros)) {
            return format(" The two cores are about equally loaded (%.1f and %.1f us per request): either may be the"
                    + " limit in a round.", clientWorkerMicros, balancerMicros);
        }
        return balancerMicros > clientWorkerMicros
                ? " The balancer's core is the limit: its JVM needs more CPU per request than the client and the"
                + " worker together on theirs."
                : " The client's and worker's core is the limit: the balancer kept up with all they sent.";
    }

    /** All loops on the same cores: the rate ratio is the inverse of the CPU ratio, about 0.5 at best. */
    private static String shared(BenchResult r) {
        PathResult d = r.direct();
        PathResult b = r.balancer();
        double cost = b.cpuMicrosPerRequest() / d.cpuMicrosPerRequest();
        double busyD = d.maxRateMachineBusy();
        double loop = b.partCpuMicros(Part.BALANCER);
        String text = verdict(r) + format(" Per request the balancer's event loop spent %.1f us of CPU, the"
                        + " client's %.1f us and the worker's %.1f us: the proxy hop does both their jobs (read a"
                        + " request, write it on, read the answer, write it back), so it costs about as much as the"
                        + " two together. The whole process, GC and JIT included, spent %.1f us per request direct"
                        + " and %.1f us through the balancer (x%.2f). All three loops share %d cores (busy %s during"
                        + " the direct max-rate rounds, %s through the balancer); when the CPU is what runs out, the"
                        + " rate ratio is the inverse of the CPU ratio: 1/%.2f = %.2f, measured %.2f. As the balancer"
                        + " costs about a client plus a worker, that ratio cannot exceed about 0.5 in this layout,"
                        + " by construction.",
                loop, b.partCpuMicros(Part.CLIENT), b.partCpuMicros(Part.WORKER), d.cpuMicrosPerRequest(),
                b.cpuMicrosPerRequest(), cost, r.layout().cores(), percent(busyD),
                percent(b.maxRateMachineBusy()), cost, 1 / cost, r.throughputRatio());
        if (busyD < FULL) {
            text += " The direct path did not fill the machine: one of its two event loops (client or worker)"
                    + " was the limit, not the CPU as a whole, which flatters the ratio a little.";
        }
        return text + format(" So the ratio says what the balancer costs on a machine it shares with its load;"
                        + " with a core of its own its one event loop would forward about %s req/s (1 s / %.1f us).",
                perSecond(1e6 / loop), loop);
    }
}
