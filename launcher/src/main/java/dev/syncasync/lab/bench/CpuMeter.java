package dev.syncasync.lab.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CPU used between two moments: by each event loop under test (CPU time and bytes allocated),
 * by this process as a whole, and by the whole machine from {@code /proc/stat}. The difference
 * between the last two is what other processes (and the hypervisor's steal) took: the noise a
 * shared machine adds to a run.
 */
final class CpuMeter {

    private static final Path PROC_STAT = Path.of("/proc/stat");
    private static final Path TASKS = Path.of("/proc/self/task");

    /** Thread id of each {@link Part}, by ordinal; -1 when unknown. */
    private final long[] threads;

    CpuMeter(long clientThread, long balancerThread, long workerThread) {
        this.threads = new long[] {clientThread, balancerThread, workerThread};
    }

    /** A point in time to measure from. */
    record Mark(long wallNanos, long processNanos, long[] machineTicks, long[] threadCpu, long[] threadAlloc,
                long gcPauses, long gcMillis, long runQueueNanos) {
    }

    /**
     * CPU use over an interval.
     *
     * @param processNanos CPU time of this process
     * @param machineBusy  share of the machine's capacity that was busy, 0..1; NaN without /proc/stat
     * @param others       share of the capacity used by anything but this process; NaN likewise
     * @param partCpu      CPU time of each part's event loop, by ordinal; -1 when unknown
     * @param partAlloc    bytes each part's event loop allocated, by ordinal; -1 when unknown
     * @param wallNanos    length of the interval
     * @param gcPauses     stop-the-world collections in the interval (all of this JVM)
     * @param gcMillis     time they took
     * @param runQueueNanos time this JVM's threads spent runnable but waiting for a core; -1 if unknown
     */
    record Use(long processNanos, double machineBusy, double others, long[] partCpu, long[] partAlloc,
               long wallNanos, long gcPauses, long gcMillis, long runQueueNanos) {

        long cpuNanos(Part part) {
            return partCpu[part.ordinal()];
        }

        long allocatedBytes(Part part) {
            return partAlloc[part.ordinal()];
        }
    }

    Mark mark() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long[] cpu = new long[threads.length];
        long[] alloc = new long[threads.length];
        for (int i = 0; i < threads.length; i++) {
            cpu[i] = threads[i] < 0 ? -1 : mx.getThreadCpuTime(threads[i]);
            alloc[i] = threads[i] >= 0 && mx instanceof com.sun.management.ThreadMXBean sun
                    ? sun.getThreadAllocatedBytes(threads[i]) : -1;
        }
        long pauses = 0;
        long millis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            // ZGC and Shenandoah also report their concurrent cycles; only pauses stop the servers.
            if (!gc.getName().contains("Cycles")) {
                pauses += Math.max(0, gc.getCollectionCount());
                millis += Math.max(0, gc.getCollectionTime());
            }
        }
        return new Mark(System.nanoTime(), processCpuNanos(), machineTicks(), cpu, alloc, pauses, millis,
                runQueueNanos());
    }

    Use since(Mark from) {
        Mark to = mark();
        long process = to.processNanos - from.processNanos;
        double busy = busyShare(from.machineTicks, to.machineTicks);
        double ours = process / (double) (to.wallNanos - from.wallNanos)
                / Runtime.getRuntime().availableProcessors();
        return new Use(process, busy, Double.isNaN(busy) ? Double.NaN : Math.max(0, busy - ours),
                delta(from.threadCpu, to.threadCpu), delta(from.threadAlloc, to.threadAlloc),
                to.wallNanos - from.wallNanos, to.gcPauses - from.gcPauses, to.gcMillis - from.gcMillis,
                from.runQueueNanos < 0 || to.runQueueNanos < 0 ? -1
                        : Math.max(0, to.runQueueNanos - from.runQueueNanos));
    }

    /** Element-wise {@code to - from}; -1 where either side is unknown. */
    static long[] delta(long[] from, long[] to) {
        long[] d = new long[from.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = from[i] < 0 || to[i] < 0 ? -1 : to[i] - from[i];
        }
        return d;
    }

    /**
     * Busy share between two {@code [total, idle]} tick samples; NaN when either is missing or
     * no tick passed.
     */
    static double busyShare(long[] from, long[] to) {
        if (from == null || to == null || to[0] <= from[0]) {
            return Double.NaN;
        }
        double total = to[0] - from[0];
        return Math.min(1, Math.max(0, (total - (to[1] - from[1])) / total));
    }

    /**
     * {@code [total, idle]} from the {@code cpu} line of /proc/stat: user nice system idle iowait
     * irq softirq steal. Idle includes iowait; steal counts as busy (another guest had the core).
     */
    static long[] parseCpuLine(String line) {
        String[] f = line.trim().split("\\s+");
        if (f.length < 5 || !f[0].equals("cpu")) {
            return null;
        }
        long total = 0;
        for (int i = 1; i < Math.min(f.length, 9); i++) {
            total += Long.parseLong(f[i]);
        }
        long idle = Long.parseLong(f[4]) + (f.length > 5 ? Long.parseLong(f[5]) : 0);
        return new long[] {total, idle};
    }

    private static long[] machineTicks() {
        try {
            List<String> lines = Files.readAllLines(PROC_STAT);
            return lines.isEmpty() ? null : parseCpuLine(lines.get(0));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The run-queue wait in a {@code schedstat} line (run time, wait time, slices, in ns): how long
     * a thread was ready to run while every core was busy with something else.
     */
    static long parseSchedstatWait(String line) {
        String[] f = line.trim().split("\\s+");
        return f.length < 2 ? 0 : Long.parseLong(f[1]);
    }

    /** Run-queue wait summed over this JVM's live threads; -1 where the kernel does not report it. */
    private static long runQueueNanos() {
        long sum = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                try {
                    sum += parseSchedstatWait(Files.readString(task.resolve("schedstat")));
                } catch (IOException | RuntimeException e) {
                    // The thread ended between the listing and the read: it no longer waits.
                }
            }
            return sum;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long processCpuNanos() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }
}
