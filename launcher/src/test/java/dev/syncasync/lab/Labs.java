package dev.syncasync.lab;

import dev.syncasync.common.config.AsyncPoolConfig;
import dev.syncasync.common.config.LabConfig;
import dev.syncasync.common.config.SyncPoolConfig;
import dev.syncasync.common.config.Topology;

/** Test topologies: the reference shapes, on free ports. */
final class Labs {

    private Labs() {
    }

    /** {@code syncWorkers} x 1 thread and {@code asyncWorkers} x 1 event loop, routing to {@code active}. */
    static LabConfig config(Topology active, int syncWorkers, int asyncWorkers) {
        LabConfig d = LabConfig.defaults();
        return d.withTopology(active)
                .withBalancer(d.balancer().withEphemeralPorts())
                .withSync(SyncPoolConfig.defaults().withSize(syncWorkers, 1))
                .withAsync(AsyncPoolConfig.defaults().withSize(asyncWorkers, 1));
    }

    static int cpus() {
        return Runtime.getRuntime().availableProcessors();
    }
}
