package dev.syncasync.experiments;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.syncasync.measurements.CpuSampler;
import dev.syncasync.measurements.Disturbance;
import dev.syncasync.measurements.HiccupMeter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The demo's disturbance guard ({@link Disturbance}: the same rule and limits) for a sweep point,
 * whose lab runs in containers. Other processes' CPU is the machine's busy time ({@code /proc/stat})
 * minus the lab's: this JVM, each of the point's containers with every process in it, the
 * engine-side process that runs it (its shim) and the engine's daemons ({@code dockerd},
 * {@code containerd}, which also stream the stats the sweep samples). Stalls: Gatling's JVM
 * writes its own ({@code -Dlab.stallsFile}); the lab's JVMs in their containers are not watched
 * (0). A container whose processes this machine cannot see (an engine elsewhere) leaves the CPU
 * unmeasured: its point is never called disturbed, and says so.
 */
final class PointGuard implements AutoCloseable {

    private final Set<Long> roots = ConcurrentHashMap.newKeySet();
    private final CpuSampler cpu;
    private volatile boolean blind;

    private PointGuard(boolean sample) {
        this.cpu = sample ? CpuSampler.start(Set.of(), () -> 0, () -> roots) : null;
    }

    /** Starts sampling this machine's CPUs, with the engine's daemons counted as the lab's. */
    static PointGuard start() {
        PointGuard guard = new PointGuard(CpuSampler.available());
        ProcessHandle.allProcesses().filter(p -> p.info().command().map(c -> {
            String name = c.substring(c.lastIndexOf('/') + 1);
            return name.equals("dockerd") || name.equals("containerd");
        }).orElse(false)).forEach(p -> guard.roots.add(p.pid()));
        return guard;
    }

    /**
     * Counts container {@code id} of engine {@code docker} as the lab's from now on: its main
     * process and the shim above it, when this machine runs it (its {@code /proc/PID/cgroup}
     * names the container); otherwise the guard cannot measure the others' CPU.
     */
    void watch(DockerClient docker, String id) {
        Long pid = null;
        try {
            InspectContainerResponse.ContainerState state = docker == null ? null
                    : docker.inspectContainerCmd(id).exec().getState();
            pid = state == null ? null : state.getPidLong();
        } catch (RuntimeException gone) {
            // a container that ended already: nothing more of it to count
        }
        if (pid == null || pid <= 0 || !runsHere(pid, id)) {
            blind = true;
            return;
        }
        roots.add(ProcessHandle.of(pid).flatMap(ProcessHandle::parent).map(ProcessHandle::pid).orElse(pid));
    }

    /** Whether process {@code pid} of this machine belongs to container {@code id}. */
    static boolean runsHere(long pid, String id) {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/cgroup")).contains(id);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** What disturbed {@code [fromMs, toMs]}, given the Gatling JVM's stalls file and the stall it can absorb. */
    Disturbance check(long fromMs, long toMs, double stallLimitMs, Path gatlingStalls) {
        List<HiccupMeter.Stall> stalls;
        try {
            stalls = Files.exists(gatlingStalls) ? HiccupMeter.read(gatlingStalls) : List.of();
        } catch (IOException | RuntimeException e) {
            stalls = List.of();
        }
        double others = cpu == null || blind ? Double.NaN : cpu.others(fromMs, toMs);
        return new Disturbance(others, 0, HiccupMeter.longest(stalls, fromMs, toMs),
                Math.max(Disturbance.STALL_FLOOR_MS, stallLimitMs));
    }

    @Override
    public void close() {
        if (cpu != null) {
            cpu.close();
        }
    }
}
