package dev.syncasync.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncasync.config.BalancerConfig;
import dev.syncasync.config.Topology;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
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

            List<ConnectionBurst.Answer> answers = ConnectionBurst.run(rig.balancer().port(), N,
                    "/work?io=" + IO_MS, Duration.ofSeconds(30));

            assertThat(answers).hasSize(N);
            assertThat(answers).as("every request answered 200, none refused or failed")
                    .allSatisfy(a -> assertThat(a.status()).as("%s", a).isEqualTo(200));
            long first = answers.stream().mapToLong(ConnectionBurst.Answer::endMs).min().orElseThrow();
            assertThat(first).as("no answer before the io it asked for").isGreaterThanOrEqualTo(IO_MS);
            // One wave: a request that waited for a slot would have queued a whole io behind another.
            List<JsonObject> timeline = rig.timeline("?limit=" + N);
            assertThat(timeline).hasSize(N);
            assertThat(timeline).as("time in the balancer's queue, ms")
                    .allSatisfy(e -> assertThat(e.getDouble("queueMs")).isLessThan(IO_MS / 2.0));
            assertThat(rig.worker("virtual-1").getInteger("inFlightLimit"))
                    .as("/admin/workers: no in-flight cap below the worker's (unlimited) capacity")
                    .isGreaterThan(N);
        }
    }
}
