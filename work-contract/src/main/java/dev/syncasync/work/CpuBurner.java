package dev.syncasync.work;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Real computation for the {@code cpu} parameter: spins until the <em>calling thread</em> has
 * used the requested CPU time. Waiting for a core does not count, so on a busy machine the
 * wall time grows while the work stays the same - which is exactly what CPU-bound load does.
 */
public final class CpuBurner {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final boolean THREAD_CPU = THREADS.isCurrentThreadCpuTimeSupported();

    /** Keeps the JIT from removing the loop. */
    private static volatile long sink;

    private CpuBurner() {
    }

    /**
     * Burns {@code millis} of this thread's CPU time.
     *
     * @return the CPU time actually used, in nanoseconds
     */
    public static long burn(int millis) {
        if (millis <= 0) {
            return 0;
        }
        long start = cpuNanos();
        long target = start + millis * 1_000_000L;
        long x = sink | 1;
        long now;
        do {
            // ~10 microseconds of arithmetic between clock reads keeps the reads' cost small.
            for (int i = 0; i < 20_000; i++) {
                x = x * 6364136223846793005L + 1442695040888963407L;
            }
            now = cpuNanos();
        } while (now < target);
        sink = x;
        return now - start;
    }

    private static long cpuNanos() {
        // Without per-thread CPU clocks, fall back to wall time: still real work, less exact.
        return THREAD_CPU ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }
}
