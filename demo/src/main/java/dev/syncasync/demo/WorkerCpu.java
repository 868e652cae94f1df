package dev.syncasync.demo;

import dev.syncasync.lab.CpuAffinity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What handling a request costs the workers' cores besides its {@code cpu}: the CPU time of
 * every thread pinned to the workers' CPUs (Undertow's I/O and task threads, the event loops)
 * plus the interrupt time of those CPUs (the kernel's share of the requests' network traffic,
 * charged to no thread), read from {@code /proc} before and after the calibration and divided
 * by the requests served meanwhile. A CPU-bound request needs its {@code cpu} plus this.
 */
final class WorkerCpu {

    /** Clock ticks per second of /proc's CPU times. */
    private static final double TICKS = 100;

    /** A reading: the ticks so far, and the balancer's request count. */
    record Reading(long ticks, long requests) {

        /** The ms of worker CPU per request from {@code before} to this reading; NaN when nothing was served. */
        double msPerRequestSince(Reading before) {
            long served = requests - before.requests;
            return served <= 0 ? Double.NaN : (ticks - before.ticks) * 1000.0 / TICKS / served;
        }
    }

    private WorkerCpu() {
    }

    /** The ticks so far of the threads on {@code workerCpus} and of those CPUs' interrupts. */
    static long ticks(List<Integer> workerCpus) throws IOException {
        long ticks = 0;
        for (Map.Entry<Long, List<Integer>> t : CpuAffinity.threads().entrySet()) {
            if (workerCpus.containsAll(t.getValue())) {
                try {
                    ticks += threadTicks(t.getKey());
                } catch (IOException | RuntimeException gone) {
                    // the thread ended meanwhile
                }
            }
        }
        for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
            String[] f = line.trim().split("\\s+");
            if (f[0].startsWith("cpu") && f[0].length() > 3 && workerCpus.contains(Integer.parseInt(f[0].substring(3)))) {
                ticks += Long.parseLong(f[6]) + Long.parseLong(f[7]); // irq, softirq
            }
        }
        return ticks;
    }

    private static long threadTicks(long tid) throws IOException {
        String stat = Files.readString(Path.of("/proc/self/task/" + tid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }
}
