package dev.syncasync.bench;

import static dev.syncasync.bench.ResultTables.format;

/**
 * The tail part of a run's latency reading, from the run's own counts: stop-the-world GC pauses
 * of each JVM, and threads waiting for a core. A pause of P builds a backlog of rate x P requests
 * that drains at the spare rate (max - rate), so it delays requests for P x max / (max - rate) in
 * all: twice P at half the max.
 */
final class TailReading {

    private TailReading() {
    }

    /** One JVM for everything: its pauses stop all three parts, and its threads share every core. */
    static String shared(BenchResult r) {
        PathResult.GcPauses gd = r.direct().fixedRateGc(CpuMeter.Jvm.MAIN);
        PathResult.GcPauses gb = r.balancer().fixedRateGc(CpuMeter.Jvm.MAIN);
        double windowD = gd.share() * stretch(r.direct().maxPerSecond(), r.rate());
        double windowB = gb.share() * stretch(r.balancer().maxPerSecond(), r.rate());
        return format("Two things in this run make the tail. GC: one JVM runs all three parts (%s); it"
                        + " stopped %s for %.1f ms on average during the balancer rounds against %s for"
                        + " %.1f ms direct, as the event loops allocate %.1f KiB per request through the balancer"
                        + " against %.1f KiB direct. A request due during a pause waits for its end, then for the"
                        + " backlog the pause built, which drains at the spare rate (maximum minus offered); so"
                        + " pauses delayed requests during %.1f%% of the time through the balancer and %.1f%%"
                        + " direct. CPU: the JVM's threads were runnable but waiting for a core %s ms/s through the"
                        + " balancer against %s ms/s direct; the balancer path keeps three event loops (and the"
                        + " pacing thread) busy on %d cores, and every hop is a thread woken up that may find both"
                        + " cores taken.",
                r.machine().jvm(), times(gb.pauses()), gb.meanMillis(), times(gd.pauses()), gd.meanMillis(),
                allocated(r.balancer(), Part.values()), allocated(r.direct(), Part.values()), 100 * windowB,
                100 * windowD, ResultTables.waiting(r.balancer(), CpuMeter.Jvm.MAIN),
                ResultTables.waiting(r.direct(), CpuMeter.Jvm.MAIN), r.layout().cores()) + windows(windowB);
    }

    /** Two JVMs on two cores: the client+worker JVM is the same on both paths; the balancer's adds its own. */
    static String pinned(BenchResult r) {
        PathResult d = r.direct();
        PathResult b = r.balancer();
        PathResult.GcPauses md = d.fixedRateGc(CpuMeter.Jvm.MAIN);
        PathResult.GcPauses mb = b.fixedRateGc(CpuMeter.Jvm.MAIN);
        PathResult.GcPauses bb = b.fixedRateGc(CpuMeter.Jvm.BALANCER);
        double windowD = md.share() * stretch(d.maxPerSecond(), r.rate());
        double windowB = (mb.share() + bb.share()) * stretch(b.maxPerSecond(), r.rate());
        return format("Two things make the tail, on each core apart. GC: the client+worker JVM (%s) stopped %s"
                        + " for %.1f ms on average during the direct rounds and %s for %.1f ms through the"
                        + " balancer, the same JVM doing the same work on both paths (its loops allocate %.1f KiB per"
                        + " request). The balancer's JVM stopped %s for %.1f ms through the balancer (its loop"
                        + " allocates %.1f KiB per request); its pauses hold the requests that reach it meanwhile,"
                        + " and they come at other moments than the first JVM's, so the two add up. A request due"
                        + " during a pause waits for its end, then for the backlog the pause built, which drains at"
                        + " the spare rate (maximum minus offered); so pauses delayed requests during %.1f%% of the"
                        + " time through the balancer and %.1f%% direct. CPU: on cpu %d the client's loop, the"
                        + " pacing thread and the worker's loop take turns; they waited for it %s ms/s direct and"
                        + " %s ms/s through the balancer, while the balancer's JVM waited %s ms/s on cpu %d, which it"
                        + " has to itself.",
                r.machine().jvm(), times(md.pauses()), md.meanMillis(), times(mb.pauses()), mb.meanMillis(),
                allocated(d, Part.CLIENT, Part.WORKER), times(bb.pauses()), bb.meanMillis(),
                b.partAllocKib(Part.BALANCER), 100 * windowB, 100 * windowD, r.layout().clientCpu(),
                ResultTables.waiting(d, CpuMeter.Jvm.MAIN), ResultTables.waiting(b, CpuMeter.Jvm.MAIN),
                ResultTables.waiting(b, CpuMeter.Jvm.BALANCER), r.layout().balancerCpu()) + windows(windowB);
    }

    /** What would bring the p99 within the goal, for a run that misses it. */
    static String advice(BenchResult r) {
        return format("To meet the p99 goal the balancer would need fewer bytes and less CPU per request (its loop"
                        + " allocates %.1f KiB and spends %.1f us), or a collector with shorter pauses%s.",
                r.balancer().partAllocKib(Part.BALANCER), r.balancer().partCpuMicros(Part.BALANCER),
                r.layout().pinned() ? "" : ", or a core that the client and the worker do not share");
    }

    private static String windows(double windowB) {
        return windowB >= 0.01
                ? " Pause windows alone cover more than 1% of the time through the balancer, so they set its p99."
                : " Pause windows cover less than 1% of the time through the balancer, so they do not set its p99"
                + " alone: waiting for a core and the extra hop do the rest.";
    }

    /** {@code once}, {@code 2 times}: how often something happened, in words. */
    static String times(long n) {
        return n == 1 ? "once" : n + " times";
    }

    /** How much longer than a pause its delay lasts: max / (max - rate); infinite at or past the maximum. */
    static double stretch(double maxPerSecond, double rate) {
        return rate >= maxPerSecond ? Double.POSITIVE_INFINITY : maxPerSecond / (maxPerSecond - rate);
    }

    /** KiB the given parts' event loops allocated per request at the maximum rate; NaN if unknown. */
    private static double allocated(PathResult path, Part... parts) {
        double sum = 0;
        for (Part part : parts) {
            sum += path.partAllocKib(part);
        }
        return sum;
    }
}
