package dev.syncasync.demo;

import dev.syncasync.config.ConfigException;
import dev.syncasync.lab.CpuAffinity;
import dev.syncasync.lab.CpuPlacement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Where the demo's threads run. By default ({@code --worker-cpus auto}), on Linux with
 * {@code taskset} and at least 2 CPUs: the workers on the upper half of the CPUs this process
 * may use, everything else - the balancer, the registry, the JIT and the garbage collector of
 * both JVMs, and Gatling - on the rest. CPU-bound rows are then predicted with the cores the
 * workers really get, and the load generator's and the balancer's CPU cannot take them away.
 * Otherwise every thread shares every CPU, and the demo says that its CPU-bound rows then
 * carry the load generator's and the balancer's work too.
 *
 * @param cpuPlacement the split, or null when the workers share every CPU
 * @param why          why they share (when they do)
 */
record Placement(CpuPlacement cpuPlacement, String why) {

    /**
     * The placement {@code option} asks for ({@code auto}, {@code off} or a CPU list such as
     * {@code 1} or {@code 2,3}); pins this whole process to the others' CPUs right away, so
     * every thread it starts from now on - Gatling's JVM too - stays off the workers' CPUs.
     */
    static Placement choose(String option) {
        if (option.equals("off")) {
            return new Placement(null, "--worker-cpus off");
        }
        if (!CpuAffinity.available()) {
            if (!option.equals("auto")) {
                throw new ConfigException("command line", "--worker-cpus", "cannot pin threads here (no /proc/thread-self "
                        + "or no taskset on the PATH)");
            }
            return new Placement(null, "no taskset here (Linux with util-linux pins the workers)");
        }
        List<Integer> allowed = CpuAffinity.processCpus();
        CpuPlacement placement;
        try {
            placement = option.equals("auto") ? CpuPlacement.split(allowed) : CpuPlacement.of(option, allowed);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("command line", "--worker-cpus", e.getMessage());
        }
        if (placement == null) {
            return new Placement(null, "this process may use only CPU " + CpuAffinity.format(allowed));
        }
        placement.pinProcess();
        return new Placement(placement, "");
    }

    /** Calls {@code action} with this thread on the workers' CPUs (so {@code auto} counts theirs), then back. */
    <T> T onWorkerCpus(Supplier<T> action) {
        if (cpuPlacement == null) {
            return action.get();
        }
        CpuAffinity.pinThisThread(cpuPlacement.workerCpus());
        try {
            return action.get();
        } finally {
            CpuAffinity.pinThisThread(cpuPlacement.otherCpus());
        }
    }

    /** The CPUs the lab runs on (for the guard's view of other processes); empty = all of them. */
    Set<Integer> cpus() {
        if (cpuPlacement == null) {
            return Set.of();
        }
        Set<Integer> all = new HashSet<>(cpuPlacement.workerCpus());
        all.addAll(cpuPlacement.otherCpus());
        return all;
    }

    /** How many cores the workers compute on: the CPU-bound predictions' {@code -Dcores}. */
    int workerCores() {
        return cpuPlacement == null ? Runtime.getRuntime().availableProcessors() : cpuPlacement.workerCpus().size();
    }

    /** The progress line that says where the threads run, and whether the check held. */
    String describe(CpuPlacement.Check check) {
        if (cpuPlacement == null) {
            return "workers share every CPU with the balancer and Gatling (" + why + "): the CPU-bound rows are predicted "
                    + "with all " + workerCores() + " cores, and the balancer's and Gatling's work on them makes those rows "
                    + "slower than predicted";
        }
        return cpuPlacement + " (" + check.workerThreads() + " worker threads there" + (check.violations().isEmpty()
                ? ", nothing else)" : "; NOT as intended: " + String.join("; ", check.violations()) + ")");
    }

    /** One phrase for the report's machine line. */
    String summary() {
        return cpuPlacement == null ? "workers unpinned (" + why + ")" : cpuPlacement.toString();
    }

    /** The 1, 5 and 15 minute load averages ("?" where unknown). */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    /** The CPU's model name ("?" where unknown). */
    static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst().orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }
}
