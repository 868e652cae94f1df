package dev.syncasync.bench;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.StringJoiner;

/**
 * One JVM's counters at one moment, or their growth over an interval: CPU of the whole process,
 * CPU and allocated bytes of each {@link Part}'s event loop that lives in it, stop-the-world GC
 * pauses, and time its threads waited for a core. This JVM takes its own; the balancer's JVM in
 * the pinned layout takes its own the same way and sends it as one line ({@link #encode}).
 *
 * @param cpuNanos      CPU time of the process
 * @param partCpu       CPU time of each part's event loop, by {@link Part} ordinal; -1 when not in this JVM
 * @param partAlloc     bytes each part's event loop allocated, likewise
 * @param gcPauses      stop-the-world collections
 * @param gcMillis      time they took
 * @param runQueueNanos time the JVM's threads were runnable but waiting for a core; -1 if unknown
 * @param loopWakeups   times its Vert.x event loops were put on a core (each wake-up from epoll, each
 *                      return after a preemption); -1 if unknown
 */
record JvmSample(long cpuNanos, long[] partCpu, long[] partAlloc, long gcPauses, long gcMillis,
                 long runQueueNanos, long loopWakeups) {

    private static final Path TASKS = Path.of("/proc/self/task");
    /** What the kernel shows of a Vert.x event loop's name ({@code comm} keeps 15 characters). */
    private static final String LOOP_COMM = "vert.x-eventloo";
    private static final int FIELDS = 5;

    /** This JVM now; {@code threads} holds each part's thread id by ordinal, -1 for parts elsewhere. */
    static JvmSample take(long[] threads) {
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
        long[] sched = schedstat();
        return new JvmSample(processCpuNanos(), cpu, alloc, pauses, millis, sched[0], sched[1]);
    }

    /** Thread ids by {@link Part} ordinal: {@code -1} for each part not given. */
    static long[] threads(long client, long balancer, long worker) {
        return new long[] {client, balancer, worker};
    }

    /** What grew from {@code from} to this sample; -1 where either side is unknown. */
    JvmSample since(JvmSample from) {
        return new JvmSample(cpuNanos - from.cpuNanos, delta(from.partCpu, partCpu), delta(from.partAlloc, partAlloc),
                gcPauses - from.gcPauses, gcMillis - from.gcMillis, grown(from.runQueueNanos, runQueueNanos),
                grown(from.loopWakeups, loopWakeups));
    }

    private static long grown(long from, long to) {
        return from < 0 || to < 0 ? -1 : Math.max(0, to - from);
    }

    /** Element-wise {@code to - from}; -1 where either side is unknown. */
    static long[] delta(long[] from, long[] to) {
        long[] d = new long[from.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = from[i] < 0 || to[i] < 0 ? -1 : to[i] - from[i];
        }
        return d;
    }

    /** Space-separated numbers: cpu, pauses, millis, run-queue wait, wake-ups, then CPU and bytes per part. */
    String encode() {
        StringJoiner line = new StringJoiner(" ");
        line.add(Long.toString(cpuNanos)).add(Long.toString(gcPauses)).add(Long.toString(gcMillis))
                .add(Long.toString(runQueueNanos)).add(Long.toString(loopWakeups));
        Arrays.stream(partCpu).forEach(v -> line.add(Long.toString(v)));
        Arrays.stream(partAlloc).forEach(v -> line.add(Long.toString(v)));
        return line.toString();
    }

    /** The sample {@link #encode} wrote; IllegalArgumentException if the line is not one. */
    static JvmSample decode(String line) {
        String[] f = line.trim().split(" ");
        int parts = Part.values().length;
        if (f.length != FIELDS + 2 * parts) {
            throw new IllegalArgumentException("not a JVM sample: '" + line + "'");
        }
        long[] v = Arrays.stream(f).mapToLong(Long::parseLong).toArray();
        return new JvmSample(v[0], Arrays.copyOfRange(v, FIELDS, FIELDS + parts),
                Arrays.copyOfRange(v, FIELDS + parts, v.length), v[1], v[2], v[3], v[4]);
    }

    /**
     * The run-queue wait and the number of times on a core from a {@code schedstat} line (run time
     * and wait time in ns, then slices): how long a thread was ready while its cores were busy with
     * something else, and how often it got one.
     */
    static long[] parseSchedstat(String line) {
        String[] f = line.trim().split("\\s+");
        return new long[] {f.length < 2 ? 0 : Long.parseLong(f[1]), f.length < 3 ? 0 : Long.parseLong(f[2])};
    }

    /**
     * Run-queue wait summed over this JVM's live threads, and wake-ups of its event loops; -1 each
     * where the kernel does not report them.
     */
    private static long[] schedstat() {
        long wait = 0;
        long wakeups = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                try {
                    long[] stat = parseSchedstat(Files.readString(task.resolve("schedstat")));
                    wait += stat[0];
                    if (Files.readString(task.resolve("comm")).startsWith(LOOP_COMM)) {
                        wakeups += stat[1];
                    }
                } catch (IOException | RuntimeException e) {
                    // The thread ended between the listing and the read: it no longer waits.
                }
            }
            return new long[] {wait, wakeups};
        } catch (IOException | RuntimeException e) {
            return new long[] {-1, -1};
        }
    }

    private static long processCpuNanos() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }
}
