package dev.syncasync.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncasync.config.BalancerConfig;
import dev.syncasync.config.Topology;
import dev.syncasync.work.LabHeaders;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The start-up warm-up runs through a throwaway copy of the client port: nothing of it shows afterwards. */
class WarmupTest {

    @Test
    void after_the_warm_up_the_timeline_and_the_counters_are_empty_and_the_first_request_is_number_1() throws Exception {
        BalancerConfig config = BalancerConfig.defaults().withEphemeralPorts().with(b -> b.warmupConnections = 300);
        Balancer balancer = Balancer.start(config, Topology.SYNC);
        try (TestClient client = new TestClient()) {
            String admin = "http://127.0.0.1:" + balancer.adminPort();
            JsonObject timeline = new JsonObject(client.get(admin + "/admin/timeline").body());
            String metrics = client.get(admin + "/metrics").body();

            HttpResponse<String> first = client.get("http://127.0.0.1:" + balancer.port() + "/work?io=0");

            assertThat(timeline.getLong("last")).isZero();
            assertThat(metrics).doesNotContain("lab_balancer_requests_total{")
                    .doesNotContain("lab_balancer_rejected_total{");
            assertThat(first.statusCode()).as("no worker yet").isEqualTo(503);
            assertThat(first.headers().firstValue(LabHeaders.REQUEST_ID)).hasValue("1");
        } finally {
            balancer.shutdown(Duration.ofSeconds(5));
        }
    }
}
