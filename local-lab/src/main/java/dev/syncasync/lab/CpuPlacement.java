package dev.syncasync.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where the lab's threads run: the workers on CPUs of their own, everything else of the JVM
 * (the balancer, the registry, the JIT compilers, the garbage collector, and the load
 * generator it starts) on the others. CPU-bound predictions then use the cores the workers
 * really get, and the balancer's and the load generator's work cannot steal them.
 *
 * @param workerCpus the CPUs the workers' threads run on
 * @param otherCpus  the CPUs every other thread runs on
 */
public record CpuPlacement(List<Integer> workerCpus, List<Integer> otherCpus) {

    public CpuPlacement {
        workerCpus = List.copyOf(workerCpus);
        otherCpus = List.copyOf(otherCpus);
        if (workerCpus.isEmpty() || otherCpus.isEmpty() || workerCpus.stream().anyMatch(otherCpus::contains)) {
            throw new IllegalArgumentException("the workers' CPUs " + workerCpus + " and the others' " + otherCpus
                    + " must both be non-empty and apart");
        }
    }

    /**
     * The split this process allows: the upper half of its CPUs (at least one) for the
     * workers, the rest for everything else; null when it has fewer than 2 CPUs.
     */
    public static CpuPlacement split(List<Integer> allowed) {
        if (allowed.size() < 2) {
            return null;
        }
        int workers = allowed.size() / 2;
        return new CpuPlacement(allowed.subList(allowed.size() - workers, allowed.size()),
                allowed.subList(0, allowed.size() - workers));
    }

    /** The placement for {@code workerCpus} given as a list ("1" or "2,3"), the others being the rest of {@code allowed}. */
    public static CpuPlacement of(String workerCpus, List<Integer> allowed) {
        List<Integer> workers = CpuAffinity.parse(workerCpus);
        if (!allowed.containsAll(workers)) {
            throw new IllegalArgumentException("CPUs " + workerCpus + " are not all allowed to this process (" + allowed + ")");
        }
        List<Integer> others = new ArrayList<>(allowed);
        others.removeAll(workers);
        return new CpuPlacement(workers, others);
    }

    /** Pins every thread of this process to the others' CPUs (the workers are pinned as they start). */
    public void pinProcess() {
        CpuAffinity.pinProcess(otherCpus);
    }

    /**
     * What the placement achieved once the workers started: the threads created since
     * {@code before} (kernel thread ids) that run on the workers' CPUs only, and what is wrong -
     * a thread that existed before on the workers' CPUs, or no worker thread there at all.
     *
     * @param workerThreads how many threads run on the workers' CPUs only
     * @param violations    what is wrong; empty when the placement holds
     */
    public record Check(int workerThreads, List<String> violations) {
    }

    /** Checks the placement against the threads that existed before the workers started. */
    public Check check(java.util.Set<Long> before) {
        List<String> violations = new ArrayList<>();
        int workers = 0;
        for (Map.Entry<Long, List<Integer>> t : CpuAffinity.threads().entrySet()) {
            List<Integer> cpus = t.getValue();
            boolean onWorkers = cpus.stream().anyMatch(workerCpus::contains);
            if (before.contains(t.getKey()) && onWorkers) {
                violations.add("thread " + CpuAffinity.threadName(t.getKey()) + " (" + t.getKey()
                        + ") may run on the workers' CPUs: " + cpus);
            } else if (!before.contains(t.getKey()) && workerCpus.containsAll(cpus)) {
                workers++;
            }
        }
        if (workers == 0) {
            violations.add("no thread runs on the workers' CPUs " + workerCpus);
        }
        return new Check(workers, violations);
    }

    @Override
    public String toString() {
        return "workers on CPU" + (workerCpus.size() == 1 ? " " : "s ") + CpuAffinity.format(workerCpus)
                + ", everything else on CPU" + (otherCpus.size() == 1 ? " " : "s ") + CpuAffinity.format(otherCpus);
    }
}
