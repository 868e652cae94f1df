package dev.syncasync.experiments;

import com.github.dockerjava.api.model.MemoryStatsConfig;
import com.github.dockerjava.api.model.Statistics;

/**
 * What one reading of the engine's stats API says about a container: CPU as a percentage of
 * one core (100 = one core busy, as {@code docker stats} prints it) since the previous reading,
 * and memory in MiB without the page cache (what {@code docker stats} calls usage).
 *
 * @param cpuPercent CPU since the previous reading, NaN for the first one
 * @param memoryMib  memory in use without the page cache
 */
record ContainerStats(double cpuPercent, double memoryMib) {

    /** One stats reading; null when the engine sent an empty one (a container that just stopped). */
    static ContainerStats of(Statistics s) {
        if (s.getMemoryStats() == null || s.getMemoryStats().getUsage() == null || s.getCpuStats() == null) {
            return null;
        }
        return new ContainerStats(cpu(s), (s.getMemoryStats().getUsage() - cache(s.getMemoryStats())) / 1048576.0);
    }

    private static double cpu(Statistics s) {
        var now = s.getCpuStats();
        var before = s.getPreCpuStats();
        if (before == null || before.getCpuUsage() == null || before.getSystemCpuUsage() == null
                || now.getCpuUsage() == null || now.getSystemCpuUsage() == null) {
            return Double.NaN;
        }
        long cpu = now.getCpuUsage().getTotalUsage() - before.getCpuUsage().getTotalUsage();
        long system = now.getSystemCpuUsage() - before.getSystemCpuUsage();
        long cpus = now.getOnlineCpus() != null ? now.getOnlineCpus() : 1;
        // The same formula as the docker CLI: the container's share of all CPUs, times their number.
        return system > 0 && cpu >= 0 ? 100.0 * cpu / system * cpus : Double.NaN;
    }

    /** cgroup v1 reports the page cache as cache; v2 as inactive_file (what the docker CLI subtracts). */
    private static long cache(MemoryStatsConfig m) {
        var stats = m.getStats();
        if (stats == null) {
            return 0;
        }
        if (stats.getTotalInactiveFile() != null) {
            return stats.getTotalInactiveFile();
        }
        if (stats.getInactiveFile() != null) {
            return stats.getInactiveFile();
        }
        return stats.getCache() != null ? stats.getCache() : 0;
    }
}
