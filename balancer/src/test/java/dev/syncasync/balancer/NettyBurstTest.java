package dev.syncasync.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncasync.config.BalancerConfig;
import dev.syncasync.config.Topology;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
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

            List<ConnectionBurst.Answer> answers = ConnectionBurst.run(rig.balancer().port(), N,
                    "/work?io=" + IO_MS, Duration.ofSeconds(30));

            assertThat(answers).hasSize(N);
            assertThat(answers).as("every request answered 200, none refused or failed")
                    .allSatisfy(a -> assertThat(a.status()).as("%s", a).isEqualTo(200));
            long first = answers.stream().mapToLong(ConnectionBurst.Answer::endMs).min().orElseThrow();
            assertThat(first).as("no answer before the io it asked for").isGreaterThanOrEqualTo(IO_MS);
            // One wave: no request waited for a worker's slot. One that did would have waited for a
            // whole io of another request; what is left is the time to read it and pass the gate,
            // on a machine whose two cores also run this client and both workers.
            List<JsonObject> timeline = rig.timeline("?limit=" + N);
            assertThat(timeline).hasSize(N);
            assertThat(timeline).as("time in the balancer's queue, ms")
                    .allSatisfy(e -> assertThat(e.getDouble("queueMs")).isLessThan(IO_MS / 2.0));
        }
    }
}
