package dev.syncasync.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * CPU used between two moments: by this JVM and, in the pinned layout, by the balancer's JVM
 * ({@link JvmSample}), and by the whole machine and each of its cores from {@code /proc/stat}.
 * The difference between the machine and our JVMs is what other processes (and the hypervisor's
 * steal) took: the noise a shared machine adds to a run.
 */
final class CpuMeter {

    private static final Path PROC_STAT = Path.of("/proc/stat");

    /** This JVM's event loops by {@link Part} ordinal; -1 for a part that lives elsewhere. */
    private final long[] threads;
    /** Samples of the balancer's own JVM, or null when it runs in this one. */
    private final Supplier<JvmSample> balancerJvm;

    CpuMeter(long[] threads, Supplier<JvmSample> balancerJvm) {
        this.threads = threads.clone();
        this.balancerJvm = balancerJvm;
    }

    /** Which JVM a number comes from. */
    enum Jvm {
        /** This one: the client and the worker, and in the shared layout the balancer too. */
        MAIN,
        /** The balancer's own, in the pinned layout only. */
        BALANCER
    }

    /** A point in time to measure from. */
    record Mark(long wallNanos, long[][] ticks, JvmSample main, JvmSample balancerJvm) {
    }

    /**
     * CPU use over an interval.
     *
     * @param wallNanos   length of the interval
     * @param machineBusy share of the machine's capacity that was busy, 0..1; NaN without /proc/stat
     * @param cpuBusy     the same for each core, by cpu number; empty without /proc/stat
     * @param main        what this JVM used
     * @param balancerJvm what the balancer's JVM used; null when the balancer runs in this one
     */
    record Use(long wallNanos, double machineBusy, double[] cpuBusy, JvmSample main, JvmSample balancerJvm) {

        /** CPU time of every JVM of the run together. */
        long processNanos() {
            return main.cpuNanos() + (balancerJvm == null ? 0 : balancerJvm.cpuNanos());
        }

        /** Share of the machine's capacity used by anything but our JVMs; NaN if unknown. */
        double others() {
            if (Double.isNaN(machineBusy) || cpuBusy.length == 0 || wallNanos <= 0) {
                return Double.NaN;
            }
            return Math.max(0, machineBusy - processNanos() / (double) wallNanos / cpuBusy.length);
        }

        /** Busy share of one core, 0..1; NaN if unknown. */
        double cpuBusy(int cpu) {
            return cpu >= 0 && cpu < cpuBusy.length ? cpuBusy[cpu] : Double.NaN;
        }

        /** The counters of one JVM; null for the balancer's when it shares this one. */
        JvmSample jvm(Jvm which) {
            return which == Jvm.MAIN ? main : balancerJvm;
        }

        long cpuNanos(Part part) {
            return pick(main.partCpu(), balancerJvm == null ? null : balancerJvm.partCpu(), part);
        }

        long allocatedBytes(Part part) {
            return pick(main.partAlloc(), balancerJvm == null ? null : balancerJvm.partAlloc(), part);
        }

        private static long pick(long[] main, long[] other, Part part) {
            long v = main[part.ordinal()];
            return v >= 0 || other == null ? v : other[part.ordinal()];
        }
    }

    Mark mark() {
        return new Mark(System.nanoTime(), machineTicks(), JvmSample.take(threads),
                balancerJvm == null ? null : balancerJvm.get());
    }

    Use since(Mark from) {
        Mark to = mark();
        return new Use(to.wallNanos - from.wallNanos, busyShare(row(from.ticks, 0), row(to.ticks, 0)),
                cpuBusy(from.ticks, to.ticks), to.main.since(from.main),
                to.balancerJvm == null ? null : to.balancerJvm.since(from.balancerJvm));
    }

    /** Busy share of each core between two /proc/stat samples (row 0 is the total, row 1+i cpu i). */
    static double[] cpuBusy(long[][] from, long[][] to) {
        if (from == null || to == null || from.length != to.length) {
            return new double[0];
        }
        double[] busy = new double[from.length - 1];
        for (int cpu = 0; cpu < busy.length; cpu++) {
            busy[cpu] = busyShare(from[cpu + 1], to[cpu + 1]);
        }
        return busy;
    }

    private static long[] row(long[][] ticks, int i) {
        return ticks == null || i >= ticks.length ? null : ticks[i];
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
     * The {@code cpu} and {@code cpuN} lines of /proc/stat as {@code [total, idle]} ticks: row 0
     * for the machine, row 1 + N for cpu N (a cpu missing from the file is a null row).
     */
    static long[][] parseStat(List<String> lines) {
        long[][] rows = new long[1 + (int) lines.stream().filter(l -> l.matches("cpu\\d+\\s.*")).count()][];
        for (String line : lines) {
            String name = line.split("\\s+", 2)[0];
            if (name.startsWith("cpu")) {
                int row = name.equals("cpu") ? 0 : 1 + Integer.parseInt(name.substring(3));
                if (row < rows.length) {
                    rows[row] = parseCpuLine(line);
                }
            }
        }
        return rows;
    }

    /**
     * {@code [total, idle]} from a {@code cpu} or {@code cpuN} line of /proc/stat: user nice system
     * idle iowait irq softirq steal. Idle includes iowait; steal counts as busy (another guest had
     * the core). Null for any other line.
     */
    static long[] parseCpuLine(String line) {
        String[] f = line.trim().split("\\s+");
        if (f.length < 5 || !f[0].matches("cpu\\d*")) {
            return null;
        }
        long total = 0;
        for (int i = 1; i < Math.min(f.length, 9); i++) {
            total += Long.parseLong(f[i]);
        }
        long idle = Long.parseLong(f[4]) + (f.length > 5 ? Long.parseLong(f[5]) : 0);
        return new long[] {total, idle};
    }

    private static long[][] machineTicks() {
        try {
            long[][] rows = parseStat(Files.readAllLines(PROC_STAT));
            return rows[0] == null || Arrays.stream(rows).anyMatch(r -> r == null) ? null : rows;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
