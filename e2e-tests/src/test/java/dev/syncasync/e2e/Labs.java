package dev.syncasync.e2e;

import dev.syncasync.config.AsyncPoolConfig;
import dev.syncasync.config.LabConfig;
import dev.syncasync.config.RegistryConfig;
import dev.syncasync.config.SyncPoolConfig;
import dev.syncasync.config.Topology;
import dev.syncasync.config.VirtualPoolConfig;
import dev.syncasync.lab.Lab;
import dev.syncasync.testing.Burst;
import java.time.Duration;

/** Test topologies: the reference shapes, on free ports. */
final class Labs {

    private Labs() {
    }

    /** {@code syncWorkers} x 1 thread and {@code asyncWorkers} x 1 event loop, routing to {@code active}; no virtual pool. */
    static LabConfig config(Topology active, int syncWorkers, int asyncWorkers) {
        return config(active, syncWorkers, asyncWorkers, 0);
    }

    /** The three pools: {@code virtualWorkers} with no limit on requests at once besides those above. */
    static LabConfig config(Topology active, int syncWorkers, int asyncWorkers, int virtualWorkers) {
        LabConfig d = LabConfig.defaults();
        return d.withTopology(active)
                .withBalancer(d.balancer().withEphemeralPorts())
                .withSync(SyncPoolConfig.defaults().withSize(syncWorkers, 1))
                .withAsync(AsyncPoolConfig.defaults().withSize(asyncWorkers, 1))
                .withVirtual(VirtualPoolConfig.defaults().withWorkers(virtualWorkers))
                .withRegistry(RegistryConfig.defaults().withEphemeralPort());
    }

    /**
     * Sends a few bursts through each pool so the JIT, the connection pools and the first
     * use of every class are behind us: the theory is about queueing, not about a cold JVM
     * (a cold first burst measured here took several hundred ms longer).
     */
    static void warmUp(Lab lab) throws Exception {
        Topology before = lab.balancer().topology();
        for (Topology pool : Topology.values()) {
            if (!lab.workers(pool).isEmpty()) {
                lab.balancer().topology(pool);
                for (int round = 0; round < 3; round++) {
                    Burst.send(lab.url() + "/work?io=5", 50, Duration.ofSeconds(30));
                }
            }
        }
        lab.balancer().topology(before);
    }

    static int cpus() {
        return Runtime.getRuntime().availableProcessors();
    }
}
