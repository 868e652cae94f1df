package dev.syncasync.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncasync.config.BalancerConfig;
import dev.syncasync.config.Policy;
import dev.syncasync.config.Topology;
import dev.syncasync.server.WorkerInfo;
import dev.syncasync.work.LabHeaders;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Workers that fail: one that refuses connections, one that drops a request it has read.
 * Each is registered first, so least-in-flight (ties to the first registered) picks it first.
 */
class WorkerFailureTest {

    private BalancerRig rig;

    @BeforeEach
    void start() {
        rig = BalancerRig.start(BalancerConfig.defaults().withPolicy(Policy.LEAST_IN_FLIGHT));
    }

    @AfterEach
    void stop() {
        rig.close();
    }

    @Test
    void a_worker_that_refuses_connections_is_passed_over_and_its_failures_are_counted() throws Exception {
        rig.balancer().addWorker(new WorkerInfo("dead", Topology.SYNC, "127.0.0.1", freePort(), 1));
        rig.sync("sync-1", 1);

        for (int i = 0; i < 10; i++) {
            HttpResponse<String> response = rig.client().get(rig.url("/work?io=0"));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.headers().firstValue(LabHeaders.WORKER_ID)).hasValue("sync-1");
        }

        assertThat(rig.worker("dead").getLong("failures")).isPositive();
        assertThat(rig.worker("dead").getLong("served")).isZero();
        assertThat(rig.worker("sync-1").getLong("served")).isEqualTo(10);
    }

    @Test
    void a_request_that_every_worker_of_the_pool_refuses_gets_502() throws Exception {
        rig.balancer().addWorker(new WorkerInfo("dead-1", Topology.SYNC, "127.0.0.1", freePort(), 1));
        rig.balancer().addWorker(new WorkerInfo("dead-2", Topology.SYNC, "127.0.0.1", freePort(), 1));

        HttpResponse<String> response = rig.client().get(rig.url("/work?io=0"));

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(new JsonObject(response.body()).getString("error")).contains("sync pool");
        assertThat(rig.worker("dead-1").getLong("failures")).isEqualTo(1);
        assertThat(rig.worker("dead-2").getLong("failures")).isEqualTo(1);
    }

    @Test
    void a_get_that_fails_after_it_was_sent_is_retried_once_on_another_worker() throws Exception {
        try (FaultyPeer faulty = new FaultyPeer()) {
            rig.balancer().addWorker(new WorkerInfo("faulty", Topology.SYNC, "127.0.0.1", faulty.port(), 1));
            rig.sync("sync-1", 1);

            HttpResponse<String> response = rig.client().get(rig.url("/work?io=0&tag=get"));

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(response.headers().firstValue(LabHeaders.WORKER_ID)).hasValue("sync-1");
            assertThat(faulty.requestLines()).as("it reached the faulty worker first")
                    .containsExactly("GET /work?io=0&tag=get HTTP/1.1");
            assertThat(rig.worker("faulty").getLong("failures")).isEqualTo(1);
            JsonObject entry = rig.timeline("").get(0);
            assertThat(entry.getInteger("attempts")).isEqualTo(2);
            assertThat(entry.getString("worker")).isEqualTo("sync-1");
        }
    }

    @Test
    void a_post_that_fails_after_it_was_sent_is_not_retried_and_gets_502() throws Exception {
        try (FaultyPeer faulty = new FaultyPeer()) {
            rig.balancer().addWorker(new WorkerInfo("faulty", Topology.SYNC, "127.0.0.1", faulty.port(), 1));
            rig.sync("sync-1", 1);

            HttpResponse<String> response = rig.client().post(rig.url("/work?io=0&tag=post"),
                    HttpRequest.BodyPublishers.noBody());

            // Repeating a POST could do its work twice: the client decides, the balancer does not.
            assertThat(response.statusCode()).isEqualTo(502);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(new JsonObject(response.body()).getString("error")).contains("faulty");
            assertThat(faulty.requestLines()).containsExactly("POST /work?io=0&tag=post HTTP/1.1");
            assertThat(rig.worker("sync-1").getLong("served")).as("never sent to the healthy worker").isZero();
            assertThat(rig.worker("sync-1").getLong("failures")).isZero();
        }
    }

    /** A port nothing listens on: bound to find it free, then closed. */
    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
