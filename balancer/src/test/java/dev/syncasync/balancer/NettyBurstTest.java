package dev.syncasync.balancer;

import dev.syncasync.config.BalancerConfig;
import dev.syncasync.config.Topology;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, point 3, in the suite: a crowd arriving at once goes to the async pool in one wave
 * through the netty data plane (h2c to the workers), however the rest of the build is configured.
 * The full 10,000 is a benchmark (docs/benchmarks.md); 2,000 keeps the test's file descriptors
 * (client, balancer and workers in one JVM) and time small.
 */
class NettyBurstTest {

    private static final int N = 2_000;
    private static final int IO_MS = 1_000;

    @Test
    void two_thousand_requests_at_once_come_back_from_the_async_pool_in_one_wave() throws Exception {
        BalancerConfig config = BalancerConfig.defaults().withDataPlane("netty");
        try (BalancerRig rig = BalancerRig.start(config, Topology.ASYNC)) {
            rig.async("async-1");
            rig.async("async-2");

            rig.assertOneWave(N, IO_MS);
        }
    }
}
