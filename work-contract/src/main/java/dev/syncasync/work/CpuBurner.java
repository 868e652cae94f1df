package dev.syncasync.work;

import java.util.function.LongSupplier;

/**
 * Real computation for the {@code cpu} parameter: spins until the <em>calling thread</em> has
 * used the requested CPU time. Waiting for a core does not count, so on a busy machine the
 * wall time grows while the work stays the same - which is exactly what CPU-bound load does.
 * On a virtual thread it is the CPU time of the carrier it stays mounted on while it computes
 * ({@link ThreadCpuClock}).
 */
public final class CpuBurner {

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
        LongSupplier clock = ThreadCpuClock.forCurrentThread();
        long start = clock.getAsLong();
        long target = start + millis * 1_000_000L;
        long x = sink | 1;
        long now;
        do {
            // ~10 microseconds of arithmetic between clock reads keeps the reads' cost small.
            for (int i = 0; i < 20_000; i++) {
                x = x * 6364136223846793005L + 1442695040888963407L;
            }
            now = clock.getAsLong();
        } while (now < target);
        sink = x;
        return now - start;
    }
}
