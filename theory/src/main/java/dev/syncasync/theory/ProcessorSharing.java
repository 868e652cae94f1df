package dev.syncasync.theory;

import java.util.List;

/**
 * Threads that compute on {@code cores} cores shared fairly (processor sharing, the fluid
 * limit of a time-slicing scheduler): while {@code n} threads are runnable, each runs at
 * {@code min(1, cores / n)} of a core. Each thread works through its items one after another
 * from its start time - a sync worker's thread through the requests it is handed, an event
 * loop through the requests queued on it, a worker-pool thread through one offloaded request.
 *
 * <p>It is exact for the fluid model and close to a real scheduler when items are long
 * against a time slice (a few ms) or a thread stays runnable through many items.
 */
public final class ProcessorSharing {

    private static final double EPSILON = 1e-9;

    /**
     * One thread of work.
     *
     * @param startMs when it becomes runnable (ms)
     * @param itemsMs the CPU time of each item it computes, in order (ms)
     */
    public record Job(double startMs, double[] itemsMs) {

        public Job {
            itemsMs = itemsMs.clone();
            for (double item : itemsMs) {
                if (!(item >= 0)) {
                    throw new IllegalArgumentException("an item's CPU time must be >= 0, got " + item);
                }
            }
        }
    }

    private ProcessorSharing() {
    }

    /**
     * When each item of each job completes: {@code result[j][k]} for item k of job j (ms, the
     * same clock as the start times).
     */
    public static double[][] completions(List<Job> jobs, int cores) {
        if (cores < 1) {
            throw new IllegalArgumentException("need cores >= 1, got " + cores);
        }
        int n = jobs.size();
        double[][] done = new double[n][];
        int[] next = new int[n];
        double[] left = new double[n];
        for (int j = 0; j < n; j++) {
            done[j] = new double[jobs.get(j).itemsMs().length];
            left[j] = jobs.get(j).itemsMs().length == 0 ? 0 : jobs.get(j).itemsMs()[0];
        }
        double now = jobs.stream().mapToDouble(Job::startMs).min().orElse(0);
        while (true) {
            int runnable = 0;
            double nextStart = Double.POSITIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                if (next[j] >= done[j].length) {
                    continue;
                }
                if (jobs.get(j).startMs() <= now + EPSILON) {
                    runnable++;
                } else {
                    nextStart = Math.min(nextStart, jobs.get(j).startMs());
                }
            }
            if (runnable == 0 && nextStart == Double.POSITIVE_INFINITY) {
                return done;
            }
            double rate = runnable == 0 ? 0 : Math.min(1.0, (double) cores / runnable);
            double step = nextStart - now;
            for (int j = 0; j < n; j++) {
                if (next[j] < done[j].length && jobs.get(j).startMs() <= now + EPSILON) {
                    step = Math.min(step, left[j] / rate);
                }
            }
            now += step;
            for (int j = 0; j < n; j++) {
                if (next[j] >= done[j].length || jobs.get(j).startMs() > now - step + EPSILON) {
                    continue;
                }
                left[j] -= step * rate;
                // An item finishes; zero-length items behind it finish at the same instant.
                while (next[j] < done[j].length && left[j] <= EPSILON) {
                    done[j][next[j]] = now;
                    next[j]++;
                    left[j] = next[j] < done[j].length ? jobs.get(j).itemsMs()[next[j]] : 0;
                }
            }
        }
    }
}
