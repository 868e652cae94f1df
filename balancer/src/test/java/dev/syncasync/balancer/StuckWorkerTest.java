package dev.syncasync.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncasync.config.BalancerConfig;
import dev.syncasync.config.Topology;
import dev.syncasync.server.WorkerInfo;
import dev.syncasync.syncworker.SyncWorkerMain;
import dev.syncasync.testing.ChildJvm;
import dev.syncasync.work.LabHeaders;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A request already at a worker that stops answering does not wait for it: when the health
 * checks eject the silent worker, or when the request's own response timeout passes (its
 * {@code io + cpu} plus {@code response-timeout-ms}), a GET is retried once on another worker
 * and anything else gets a 504 JSON. The first worker is registered first, so
 * least-in-flight (ties to the earliest) sends the request there.
 */
class StuckWorkerTest {

    /** Fast health checks: a silent worker is ejected after about 2 x 300 ms. */
    private static final BalancerConfig FAST_CHECKS = BalancerConfig.defaults().withHealthChecks(300, 200, 2);
    private static final int IO_MS = 200;

    private BalancerRig rig;
    private Process paused;

    @AfterEach
    void stop() throws Exception {
        if (paused != null) {
            signal("CONT", paused);
            paused.destroyForcibly().waitFor();
        }
        rig.close();
    }

    /** A sync worker in its own JVM, registered first, then stopped with SIGSTOP (as {@code kill -STOP} does). */
    private void pausedWorker() throws Exception {
        paused = ChildJvm.of(SyncWorkerMain.class, "--id", "paused-1", "--port", "0").start();
        URI url = URI.create(ChildJvm.awaitUrl(paused));
        rig.balancer().addWorker(new WorkerInfo("paused-1", Topology.SYNC, url.getHost(), url.getPort(), 1));
        rig.sync("sync-1", 1);
        BalancerRig.eventually().until(() -> rig.worker("paused-1").getString("state").equals("ready"));
        signal("STOP", paused);
    }

    private static void signal(String name, Process process) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
    }

    @Test
    void a_get_at_a_paused_worker_is_retried_on_another_worker_as_soon_as_the_silent_worker_is_ejected()
            throws Exception {
        rig = BalancerRig.start(FAST_CHECKS);
        pausedWorker();

        TestClient.Timed call = rig.client().timedGet(rig.url("/work?io=" + IO_MS));

        assertThat(call.status()).as(call.response().body()).isEqualTo(200);
        assertThat(call.header(LabHeaders.WORKER_ID)).isEqualTo("sync-1");
        assertThat(call.elapsedMs()).as("retried at the ejection, long before the response timeout")
                .isLessThan(rig.config().responseTimeoutMs() / 2.0);
        assertThat(rig.worker("paused-1").getString("state")).isEqualTo("ejected");
        JsonObject entry = rig.timeline("").getLast();
        assertThat(entry.getInteger("attempts")).isEqualTo(2);
        assertThat(entry.getString("worker")).isEqualTo("sync-1");
    }

    @Test
    void a_post_at_a_paused_worker_gets_504_when_the_silent_worker_is_ejected_and_is_not_repeated()
            throws Exception {
        rig = BalancerRig.start(FAST_CHECKS);
        pausedWorker();
        long sent = System.nanoTime();

        HttpResponse<String> response = rig.client().post(rig.url("/work?io=" + IO_MS),
                HttpRequest.BodyPublishers.noBody());

        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonObject body = new JsonObject(response.body());
        assertThat(body.getString("reason")).isEqualTo("worker-ejected");
        assertThat(body.getString("error")).contains("paused-1");
        assertThat((System.nanoTime() - sent) / 1e6).isLessThan(rig.config().responseTimeoutMs() / 2.0);
        assertThat(rig.worker("sync-1").getLong("served")).as("a POST is never repeated elsewhere").isZero();
    }

    @Test
    void a_get_whose_worker_passes_health_checks_but_never_answers_is_retried_after_its_response_timeout()
            throws Exception {
        int timeoutMs = 500;
        rig = BalancerRig.start(FAST_CHECKS.with(b -> b.responseTimeoutMs = timeoutMs));
        try (SilentPeer hung = new SilentPeer()) {
            rig.balancer().addWorker(new WorkerInfo("hung-1", Topology.SYNC, "127.0.0.1", hung.port(), 1));
            rig.sync("sync-1", 1);

            TestClient.Timed call = rig.client().timedGet(rig.url("/work?io=" + IO_MS));

            assertThat(call.status()).isEqualTo(200);
            assertThat(call.header(LabHeaders.WORKER_ID)).isEqualTo("sync-1");
            assertThat(hung.requestLines()).containsExactly("GET /work?io=" + IO_MS + " HTTP/1.1");
            // Given up at io + response timeout, then served in one more io at the other worker.
            assertThat(call.elapsedMs()).isGreaterThanOrEqualTo(IO_MS + timeoutMs + IO_MS)
                    .isLessThan(IO_MS + timeoutMs + IO_MS + 3_000);
            assertThat(rig.worker("hung-1").getString("state")).as("one timeout does not eject").isEqualTo("ready");
        }
    }

    @Test
    void a_post_whose_worker_never_answers_gets_504_after_its_io_plus_the_response_timeout() throws Exception {
        int timeoutMs = 500;
        rig = BalancerRig.start(FAST_CHECKS.with(b -> b.responseTimeoutMs = timeoutMs));
        try (SilentPeer hung = new SilentPeer()) {
            rig.balancer().addWorker(new WorkerInfo("hung-1", Topology.SYNC, "127.0.0.1", hung.port(), 1));
            rig.sync("sync-1", 1);
            long sent = System.nanoTime();

            HttpResponse<String> response = rig.client().post(rig.url("/work?io=" + IO_MS),
                    HttpRequest.BodyPublishers.noBody());
            double elapsedMs = (System.nanoTime() - sent) / 1e6;

            assertThat(response.statusCode()).isEqualTo(504);
            assertThat(new JsonObject(response.body()).getString("reason")).isEqualTo("response-timeout");
            assertThat(elapsedMs).isGreaterThanOrEqualTo(IO_MS + timeoutMs).isLessThan(IO_MS + timeoutMs + 3_000);
            assertThat(rig.worker("sync-1").getLong("served")).isZero();
        }
    }
}
