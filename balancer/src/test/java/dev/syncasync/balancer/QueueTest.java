package dev.syncasync.balancer;

import static dev.syncasync.balancer.BalancerRig.eventually;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.syncasync.config.BalancerConfig;
import dev.syncasync.work.LabHeaders;
import io.vertx.core.json.JsonObject;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The FIFO queue in front of one sync worker with one thread: who waits, who is refused and
 * when, and what the timeline records.
 */
class QueueTest {

    /** A request that keeps the only thread busy: long against the noise of a loaded machine. */
    private static final int BUSY_IO_MS = 1_500;

    private BalancerRig rig;

    @AfterEach
    void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    @Test
    void a_full_queue_answers_503_at_once_and_loses_none_of_the_accepted_requests() throws Exception {
        rig = BalancerRig.start(BalancerConfig.defaults().withQueue(2, 60_000));
        rig.sync("sync-1", 1);
        CompletableFuture<TestClient.Timed> busy = rig.client().getAsync(rig.url("/work?io=" + BUSY_IO_MS));
        rig.awaitInFlight("sync-1", 1);
        CompletableFuture<TestClient.Timed> second = rig.client().getAsync(rig.url("/work?io=0"));
        CompletableFuture<TestClient.Timed> third = rig.client().getAsync(rig.url("/work?io=0"));
        rig.awaitWaiting(2);

        TestClient.Timed refused = rig.client().timedGet(rig.url("/work?io=0"));

        assertThat(refused.status()).isEqualTo(503);
        // Had it been queued it would have waited for the busy request: refused means before that.
        assertThat(busy).isNotDone();
        assertThat(refused.elapsedMs()).isLessThan(BUSY_IO_MS / 2.0);
        assertThat(refused.header("Retry-After")).isEqualTo(Integer.toString(rig.config().retryAfterSeconds()));
        assertThat(new JsonObject(refused.response().body()).getString("reason")).isEqualTo("queue-full");
        for (CompletableFuture<TestClient.Timed> accepted : List.of(busy, second, third)) {
            assertThat(accepted.join().status()).isEqualTo(200);
        }
        assertThat(rig.worker("sync-1").getLong("served")).isEqualTo(3);
    }

    @Test
    void a_request_waiting_longer_than_the_queue_timeout_gets_503_with_retry_after() throws Exception {
        int timeoutMs = 300;
        int busyIoMs = 2_000;
        rig = BalancerRig.start(BalancerConfig.defaults().withQueue(100, timeoutMs));
        rig.sync("sync-1", 1);
        CompletableFuture<TestClient.Timed> busy = rig.client().getAsync(rig.url("/work?io=" + busyIoMs));
        rig.awaitInFlight("sync-1", 1);

        TestClient.Timed expired = rig.client().timedGet(rig.url("/work?io=0"));

        assertThat(expired.status()).isEqualTo(503);
        assertThat(expired.header("Retry-After")).isEqualTo(Integer.toString(rig.config().retryAfterSeconds()));
        assertThat(new JsonObject(expired.response().body()).getString("reason")).isEqualTo("queue-timeout");
        assertThat(Double.parseDouble(expired.header(LabHeaders.QUEUE_MS))).isGreaterThanOrEqualTo(timeoutMs);
        // At the timeout, not when the busy request freed the thread.
        assertThat(expired.elapsedMs()).isGreaterThanOrEqualTo(timeoutMs).isLessThan(busyIoMs * 0.75);
        assertThat(busy).isNotDone();
        assertThat(busy.join().status()).isEqualTo(200);
    }

    @Test
    void a_client_that_hangs_up_while_queued_leaves_the_queue() throws Exception {
        rig = BalancerRig.start(BalancerConfig.defaults());
        rig.sync("sync-1", 1);
        CompletableFuture<TestClient.Timed> busy = rig.client().getAsync(rig.url("/work?io=" + BUSY_IO_MS));
        rig.awaitInFlight("sync-1", 1);

        try (Socket quitter = new Socket("127.0.0.1", rig.balancer().port())) {
            quitter.getOutputStream().write("GET /work?io=0&tag=quitter HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                    .getBytes(US_ASCII));
            rig.awaitWaiting(1);
        }

        rig.awaitWaiting(0);
        eventually().until(() -> !rig.timeline("").isEmpty());
        JsonObject gone = rig.timeline("").get(0);
        assertThat(gone.getString("uri")).contains("tag=quitter");
        assertThat(gone.getInteger("status")).isEqualTo(499);
        assertThat(gone.getString("worker")).as("never dispatched").isNull();
        assertThat(busy).as("it left before the busy request ended").isNotDone();
        assertThat(busy.join().status()).isEqualTo(200);
        assertThat(rig.worker("sync-1").getLong("served")).isEqualTo(1);
    }

    @Test
    void timeline_records_queued_requests_in_order_with_growing_queue_time() throws Exception {
        int ioMs = 200;
        rig = BalancerRig.start(BalancerConfig.defaults());
        rig.sync("sync-1", 1);
        List<CompletableFuture<TestClient.Timed>> sent = List.of(
                rig.client().getAsync(rig.url("/work?io=" + ioMs)),
                rig.client().getAsync(rig.url("/work?io=" + ioMs)),
                rig.client().getAsync(rig.url("/work?io=" + ioMs)));
        sent.forEach(f -> assertThat(f.join().status()).isEqualTo(200));

        List<JsonObject> entries = rig.timeline("");

        assertThat(entries).hasSize(3);
        for (int i = 0; i < entries.size(); i++) {
            JsonObject e = entries.get(i);
            assertThat(e.getLong("seq")).isEqualTo(i + 1);
            assertThat(e.getString("worker")).isEqualTo("sync-1");
            assertThat(e.getInteger("slot")).isZero();
            assertThat(e.getInteger("status")).isEqualTo(200);
            assertThat(List.of(e.getLong("arrivalUs"), e.getLong("dispatchUs"), e.getLong("responseStartUs"),
                    e.getLong("endUs"))).isSorted();
            if (i > 0) {
                JsonObject before = entries.get(i - 1);
                assertThat(e.getDouble("queueMs")).isGreaterThan(before.getDouble("queueMs"));
                // One thread: each is sent only after the one before it has ended.
                assertThat(e.getLong("dispatchUs")).isGreaterThanOrEqualTo(before.getLong("endUs"));
            }
        }
        long first = entries.get(0).getLong("seq");
        assertThat(rig.timeline("?after=" + first)).extracting(e -> e.getLong("seq")).containsExactly(2L, 3L);
        assertThat(rig.timeline("?after=1&limit=1")).extracting(e -> e.getLong("seq")).containsExactly(3L);
    }

    @Test
    void timeline_answers_400_naming_a_limit_that_is_not_a_number() throws Exception {
        rig = BalancerRig.start(BalancerConfig.defaults());

        HttpResponse<String> response = rig.client().get(rig.adminUrl("/admin/timeline?limit=abc"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        JsonObject body = new JsonObject(response.body());
        assertThat(body.getString("parameter")).isEqualTo("limit");
        assertThat(body.getString("error")).contains("limit", "abc");
    }
}
