package dev.syncasync.measurements;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * How much CPU other processes take from the lab while it measures, on Linux: every 100 ms,
 * the busy time of the CPUs the lab runs on ({@code /proc/stat}), this JVM's own CPU time (with
 * its child processes': the embedded PostgreSQL), that of the lab's other processes (a container
 * lab's: each container's processes, which the engine runs on this machine) and the load
 * generator's ({@code /proc/PID/stat}). What the CPUs did beyond the two JVMs is
 * somebody else's work - another process, or the hypervisor's steal - and every millisecond
 * of it on a worker's core is a millisecond the theory's prediction did not have.
 */
public final class CpuSampler implements AutoCloseable {

    /** Clock ticks per second of /proc's CPU times (USER_HZ, 100 on every Linux). */
    private static final double TICKS = 100;

    /** One reading: when, the CPUs' busy ticks, the lab's and the load generator's ticks, and its pid (0 = none). */
    public record Sample(long atMs, long busy, long lab, long gatling, long gatlingPid) {
    }

    private final Set<Integer> cpus;
    private final LongSupplier gatlingPid;
    private final Supplier<Set<Long>> labRoots;
    private final List<Sample> samples = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    private CpuSampler(Set<Integer> cpus, LongSupplier gatlingPid, Supplier<Set<Long>> labRoots) {
        this.cpus = cpus;
        this.gatlingPid = gatlingPid;
        this.labRoots = labRoots;
        this.thread = new Thread(this::sample, "lab-cpu-sampler");
        thread.setDaemon(true);
    }

    /** Whether /proc can be read here. */
    public static boolean available() {
        return Files.isReadable(Path.of("/proc/stat")) && Files.isReadable(Path.of("/proc/self/stat"));
    }

    /** Starts sampling the CPUs {@code cpus} (all when empty) and the load generator whose pid {@code gatlingPid} gives (0 = none). */
    public static CpuSampler start(Set<Integer> cpus, LongSupplier gatlingPid) {
        return start(cpus, gatlingPid, Set::of);
    }

    /**
     * The same, with the processes {@code labRoots} gives (and their descendants) counted as the
     * lab's too: a container lab's processes, which are not this JVM's children. A root added
     * while a window runs brings its CPU so far into the lab's sum: add them before measuring.
     */
    public static CpuSampler start(Set<Integer> cpus, LongSupplier gatlingPid, Supplier<Set<Long>> labRoots) {
        CpuSampler sampler = new CpuSampler(cpus, gatlingPid, labRoots);
        sampler.thread.start();
        return sampler;
    }

    private void sample() {
        while (running) {
            try {
                long gatling = gatlingPid.getAsLong();
                long gatlingTicks;
                try {
                    gatlingTicks = processTicks(gatling);
                } catch (IOException | RuntimeException ended) {
                    gatling = 0; // a load generator that ended: sample on without it
                    gatlingTicks = 0;
                }
                Sample s = new Sample(System.currentTimeMillis(), busy(cpus), labTicks(gatling) + rootTicks(labRoots.get()),
                        gatlingTicks, gatling);
                synchronized (samples) {
                    samples.add(s);
                }
            } catch (IOException | RuntimeException e) {
                // a process that just ended; the next sample counts again
            }
            LockSupport.parkNanos(100_000_000L);
        }
    }

    /**
     * The CPU other processes used on the lab's CPUs over {@code [fromMs, toMs]}, in cores on
     * average (0.5 = half a core); NaN when the window has too few samples. The window is
     * widened to the samples around it (100 ms apart); CPU times count in 10 ms ticks, so a
     * window under a second reads coarsely.
     */
    public double others(long fromMs, long toMs) {
        awaitSampleAfter(toMs);
        Sample a = null;
        Sample b = null;
        synchronized (samples) {
            for (Sample s : samples) {
                if (s.atMs() <= fromMs) {
                    a = s;
                }
                if (s.atMs() >= toMs && b == null) {
                    b = s;
                }
            }
            if (a == null && !samples.isEmpty()) {
                a = samples.get(0);
            }
        }
        return a == null || b == null ? Double.NaN : others(a, b);
    }

    /**
     * Other processes' CPU between two samples, in cores on average; NaN when they are not in
     * order. The load generator is this JVM's child: before its pid is known (the generator's pid supplier)
     * its ticks are in {@code lab}, after it in {@code gatling}; across that moment the two are
     * counted together (apart, the generator's whole CPU time would leave the lab's sum and read as
     * other processes'). A generator that ended inside the window, or was replaced, leaves its
     * last CPU uncounted: the window then reads as more disturbed, never as less.
     */
    public static double others(Sample a, Sample b) {
        if (b.atMs() <= a.atMs()) {
            return Double.NaN;
        }
        long lab;
        if (a.gatlingPid() == b.gatlingPid()) {
            lab = (b.lab() - a.lab()) + (b.gatling() - a.gatling());
        } else if (a.gatlingPid() == 0) {
            lab = (b.lab() + b.gatling()) - a.lab();
        } else {
            lab = (b.lab() - a.lab()) + b.gatling();
        }
        double ticks = (b.busy() - a.busy()) - lab;
        return Math.max(0, ticks / TICKS / ((b.atMs() - a.atMs()) / 1000.0));
    }

    /** Waits (at most half a second) until a sample taken at or after {@code atMs} exists. */
    private void awaitSampleAfter(long atMs) {
        long deadline = System.currentTimeMillis() + 500;
        while (System.currentTimeMillis() < deadline) {
            synchronized (samples) {
                if (!samples.isEmpty() && samples.get(samples.size() - 1).atMs() >= atMs) {
                    return;
                }
            }
            LockSupport.parkNanos(20_000_000L);
        }
    }

    /**
     * Busy ticks of the given CPUs (all when empty) from /proc/stat: user, nice, system and
     * steal. Interrupt time is left out: the kernel charges the lab's own loopback traffic there,
     * not to the process that caused it.
     */
    public static long busy(Set<Integer> cpus) throws IOException {
        long busy = 0;
        for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
            if (!line.startsWith("cpu")) {
                continue;
            }
            String[] f = line.trim().split("\\s+");
            boolean all = f[0].equals("cpu");
            if (all != cpus.isEmpty() || (!all && !cpus.contains(Integer.parseInt(f[0].substring(3))))) {
                continue;
            }
            // user nice system idle iowait irq softirq steal (guest time is already in user)
            for (int i : new int[] {1, 2, 3, 8}) {
                if (i < f.length) {
                    busy += Long.parseLong(f[i]);
                }
            }
        }
        return busy;
    }

    /**
     * This JVM's ticks and its child processes' but the load generator's: the embedded PostgreSQL
     * the lab started (its postmaster and backends) is the lab too, not somebody else's work. A
     * child that ended between two samples drops out of the sum, which reads as others' CPU: a
     * row is then called disturbed rather than not.
     */
    public static long labTicks(long gatlingPid) throws IOException {
        long ticks = processTicks(ProcessHandle.current().pid());
        for (ProcessHandle child : (Iterable<ProcessHandle>) ProcessHandle.current().descendants()::iterator) {
            boolean loadGenerator = child.pid() == gatlingPid
                    || child.parent().map(parent -> parent.pid() == gatlingPid).orElse(false);
            if (!loadGenerator) {
                try {
                    ticks += processTicks(child.pid());
                } catch (IOException | RuntimeException gone) {
                    // ended since it was listed
                }
            }
        }
        return ticks;
    }

    /** Ticks of the processes {@code roots} and of their descendants (those that end meanwhile drop out). */
    static long rootTicks(Set<Long> roots) {
        // A set: a root below another root (a container's shim under the engine's daemon) counts once.
        Set<Long> pids = new java.util.HashSet<>();
        for (long root : roots) {
            ProcessHandle.of(root).ifPresent(handle -> {
                pids.add(root);
                handle.descendants().forEach(d -> pids.add(d.pid()));
            });
        }
        long ticks = 0;
        for (long pid : pids) {
            try {
                ticks += processTicks(pid);
            } catch (IOException | RuntimeException gone) {
                // ended since it was listed
            }
        }
        return ticks;
    }

    /** User plus system ticks of process {@code pid} (0 for none). */
    public static long processTicks(long pid) throws IOException {
        if (pid <= 0) {
            return 0;
        }
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        // The name, in parentheses, may hold spaces: count fields after its closing parenthesis.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
    }
}
