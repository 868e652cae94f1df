package dev.syncasync.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncasync.config.BalancerConfig;
import dev.syncasync.config.Topology;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, point 6, in the suite: the virtual pool takes a crowd in one wave through the netty
 * data plane. Its Undertow serves h2c with prior knowledge, so the balancer sends every request as
 * a stream and {@code max-connections-per-worker} (512 by default, an HTTP/1.1 limit) does not cut
 * the crowd into waves; over HTTP/1.1 the 2,000 below came in four.
 */
class NettyVirtualBurstTest {

    private static final int N = 2_000;
    private static final int IO_MS = 1_000;

    @Test
    void two_thousand_requests_at_once_come_back_from_one_virtual_worker_in_one_wave() throws Exception {
        BalancerConfig config = BalancerConfig.defaults().withDataPlane("netty");
        assertThat(config.maxConnectionsPerWorker()).as("the HTTP/1.1 cap this test must not meet").isLessThan(N);
        try (BalancerRig rig = BalancerRig.start(config, Topology.VIRTUAL)) {
            rig.virtual("virtual-1");

            rig.assertOneWave(N, IO_MS);
            assertThat(rig.worker("virtual-1").getInteger("inFlightLimit"))
                    .as("/admin/workers: no in-flight cap below the worker's (unlimited) capacity")
                    .isGreaterThan(N);
        }
    }
}
