package dev.syncasync.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncasync.asyncworker.AsyncWorker;
import dev.syncasync.config.BalancerConfig;
import dev.syncasync.config.Topology;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    @Test
    void the_balancer_multiplexes_an_async_workers_requests_on_its_h2c_listener() throws Exception {
        BalancerConfig config = BalancerConfig.defaults().withDataPlane("netty");
        try (BalancerRig rig = BalancerRig.start(config, Topology.ASYNC)) {
            AsyncWorker worker = rig.async("async-1");

            for (int i = 0; i < 20; i++) {
                assertThat(rig.client().get(rig.url("/work?io=1")).statusCode()).isEqualTo(200);
            }

            // The requests came on the listener the worker advertises for h2c, not its HTTP port:
            // a connection or two (one per balancer loop that forwarded), never one per request.
            String metrics = rig.client().get(worker.url() + "/metrics").body();
            Matcher open = Pattern.compile("(?m)^lab_worker_h2c_connections\\{[^}]*} (\\S+)$").matcher(metrics);
            assertThat(open.find()).as("the gauge in %s", metrics).isTrue();
            assertThat(Double.parseDouble(open.group(1))).isBetween(1.0, 2.0);
        }
    }
}
