package dev.syncasync.theory;

/**
 * {@code n} requests of {@code cpuMs} computation each, on a topology that can run
 * {@code threads} of them at once, on {@code cores} cores: only min(threads, cores) compute
 * at a time, so the makespan is {@code n * cpu / min(threads, cores)} whichever topology
 * it is. Async gains nothing here.
 */
public final class CpuBound {

    private CpuBound() {
    }

    public static double makespan(int n, double cpu, int threads, int cores) {
        if (n < 1 || threads < 1 || cores < 1 || !(cpu > 0)) {
            throw new IllegalArgumentException("need n, threads, cores >= 1 and cpu > 0");
        }
        return n * cpu / Math.min(threads, cores);
    }
}
