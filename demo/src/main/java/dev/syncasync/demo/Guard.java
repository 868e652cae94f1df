package dev.syncasync.demo;

import dev.syncasync.measurements.Attempts;
import dev.syncasync.measurements.CpuSampler;
import dev.syncasync.measurements.Disturbance;
import dev.syncasync.measurements.HiccupMeter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The disturbance guard of {@code ./lab demo} and {@code ./lab plan --verify}: the sensors
 * behind the rule of {@link Disturbance}. It watches the cause, never the measured latency: a row
 * is disturbed when, during its own requests,
 * <ul>
 *   <li>other processes used more than {@link Disturbance#OTHERS_LIMIT} of a core on the lab's CPUs on
 *   average ({@link CpuSampler}: busy time minus both JVMs' CPU time) - a tenth of a worker's
 *   core is the whole budget of a 15% band once the model's own few percent are spent; or</li>
 *   <li>the lab's JVM (the balancer's event loop, the workers) or Gatling's stalled for longer
 *   than the row can absorb ({@link HiccupMeter}: garbage collection, safepoints, a core taken
 *   away) - 5% of its smallest prediction, and never less than {@link #STALL_FLOOR_MS}.</li>
 * </ul>
 * A disturbed simulation is run again, at most twice; a row still disturbed is reported as
 * disturbed, never as agreeing.
 */
final class Guard implements AutoCloseable {

    /** The smallest stall (ms) that disturbs a row ({@link Disturbance#STALL_FLOOR_MS}). */
    static final double STALL_FLOOR_MS = Disturbance.STALL_FLOOR_MS;

    /** A simulation runs at most this often ({@link Attempts#ATTEMPTS}). */
    static final int ATTEMPTS = Attempts.ATTEMPTS;

    private final CpuSampler cpu;
    private final HiccupMeter meter = HiccupMeter.start();
    private final Path gatlingStalls;
    private final AtomicLong gatlingPid;

    private Guard(CpuSampler cpu, Path gatlingStalls, AtomicLong gatlingPid) {
        this.cpu = cpu;
        this.gatlingStalls = gatlingStalls;
        this.gatlingPid = gatlingPid;
    }

    /**
     * Starts watching: the lab's CPUs {@code cpus} (all when empty), this JVM, and the Gatling
     * JVM whose pid is set later ({@link #watchGatling}) and whose stalls it writes to {@code gatlingStalls}.
     */
    static Guard start(Set<Integer> cpus, Path gatlingStalls) {
        AtomicLong pid = new AtomicLong();
        return new Guard(CpuSampler.available() ? CpuSampler.start(cpus, pid::get) : null, gatlingStalls, pid);
    }

    /** Counts the CPU of the Gatling JVM {@code pid} as the lab's own from now on. */
    void watchGatling(long pid) {
        gatlingPid.set(pid);
    }

    /** Where the Gatling JVM writes its stalls ({@code -Dlab.stallsFile}). */
    Path gatlingStalls() {
        return gatlingStalls;
    }

    /** What disturbed {@code [fromMs, toMs]}, for a window that can absorb stalls up to {@code stallLimitMs}. */
    Disturbance check(long fromMs, long toMs, double stallLimitMs) {
        List<HiccupMeter.Stall> gatling;
        try {
            gatling = HiccupMeter.read(gatlingStalls);
        } catch (IOException | RuntimeException e) {
            gatling = List.of();
        }
        double others = cpu == null ? Double.NaN : cpu.others(fromMs, toMs);
        return new Disturbance(others, meter.longest(fromMs, toMs), HiccupMeter.longest(gatling, fromMs, toMs),
                Math.max(STALL_FLOOR_MS, stallLimitMs));
    }

    /** The stall limit of a row whose smallest checked prediction is {@code smallestMs} ({@link Disturbance#stallLimit}). */
    static double stallLimit(double smallestMs) {
        return Disturbance.stallLimit(smallestMs);
    }

    @Override
    public void close() {
        meter.close();
        if (cpu != null) {
            cpu.close();
        }
    }
}
