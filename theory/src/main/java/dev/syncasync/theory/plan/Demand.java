package dev.syncasync.theory.plan;

/**
 * What the planner is asked to carry: open arrivals at {@code ratePerSec}, each request waiting
 * {@code ioMs} and then computing {@code cpuMs} (the lab's {@code GET /work?io=&cpu=}), on a
 * machine whose workers get {@code cores} cores and which has {@code memoryMiB} of memory.
 *
 * @param ratePerSec arrivals per second (Poisson)
 * @param ioMs       waiting per request, ms
 * @param cpuMs      computation per request, ms
 * @param cores      the cores the workers compute on
 * @param memoryMiB  the machine's memory, MiB (what a configuration must fit in)
 */
public record Demand(double ratePerSec, double ioMs, double cpuMs, int cores, double memoryMiB) {

    public Demand {
        if (!(ratePerSec > 0) || !(ioMs >= 0) || !(cpuMs >= 0) || cores < 1 || !(memoryMiB > 0)) {
            throw new IllegalArgumentException("need rate > 0, io >= 0, cpu >= 0, cores >= 1 and memory > 0, got "
                    + ratePerSec + ", " + ioMs + ", " + cpuMs + ", " + cores + ", " + memoryMiB);
        }
    }

    /** Requests in service on average when each holds its slot {@code holdMs} (Little's law): erlangs. */
    public double offeredLoad(double holdMs) {
        return ratePerSec * holdMs / 1000;
    }

    /** Cores busy on average when each request costs {@code cpuPerRequestMs} of CPU. */
    public double coresBusy(double cpuPerRequestMs) {
        return ratePerSec * cpuPerRequestMs / 1000;
    }
}
