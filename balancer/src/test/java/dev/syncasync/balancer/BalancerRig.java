package dev.syncasync.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.syncasync.asyncworker.AsyncWorker;
import dev.syncasync.config.AsyncWorkerConfig;
import dev.syncasync.config.BalancerConfig;
import dev.syncasync.config.SyncWorkerConfig;
import dev.syncasync.config.Topology;
import dev.syncasync.config.VirtualWorkerConfig;
import dev.syncasync.server.WorkerInfo;
import dev.syncasync.server.WorkerServer;
import dev.syncasync.syncworker.SyncWorker;
import dev.syncasync.syncworker.VirtualWorker;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.core.ConditionFactory;

/**
 * A real balancer on free ports, the real workers it routes to (also on free ports) and a
 * client: what one test needs, all of it stopped by {@link #close()}.
 */
final class BalancerRig implements AutoCloseable {

    /** Longest a test waits for something that takes milliseconds on an idle machine. */
    static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final Duration GRACE = Duration.ofSeconds(10);

    private final BalancerConfig config;
    private final Balancer balancer;
    private final List<WorkerServer> workers = new ArrayList<>();
    private final TestClient client = new TestClient();
    private final AtomicBoolean stopped = new AtomicBoolean();

    private BalancerRig(BalancerConfig config, Balancer balancer) {
        this.config = config;
        this.balancer = balancer;
    }

    /** A balancer routing to the sync pool, with no worker yet. */
    static BalancerRig start(BalancerConfig config) {
        return start(config, Topology.SYNC);
    }

    static BalancerRig start(BalancerConfig config, Topology active) {
        // No JIT warm-up: the behaviour under test does not depend on it, and it costs each start a second.
        BalancerConfig ephemeral = config.withEphemeralPorts().with(b -> b.warmupConnections = 0);
        return new BalancerRig(ephemeral, Balancer.start(ephemeral, active));
    }

    /** "Eventually" assertions: polled often, because the states they wait for are short. */
    static ConditionFactory eventually() {
        return await().atMost(PATIENCE).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10));
    }

    /** Starts a sync worker with {@code threads} threads and registers it. */
    SyncWorker sync(String id, int threads) {
        SyncWorker worker = SyncWorker.start(new SyncWorkerConfig(id, "127.0.0.1", 0, threads));
        workers.add(worker);
        balancer.addWorker(WorkerInfo.of(worker));
        return worker;
    }

    /** Starts an async worker with one event loop and registers it. */
    AsyncWorker async(String id) {
        AsyncWorker worker = AsyncWorker.start(new AsyncWorkerConfig(id, "127.0.0.1", 0, 1, false));
        workers.add(worker);
        balancer.addWorker(WorkerInfo.of(worker));
        return worker;
    }

    /** Starts a virtual worker (a virtual thread per request, no limit) and registers it. */
    VirtualWorker virtual(String id) {
        VirtualWorker worker = VirtualWorker.start(new VirtualWorkerConfig(id, "127.0.0.1", 0, 0));
        workers.add(worker);
        balancer.addWorker(WorkerInfo.of(worker));
        return worker;
    }

    Balancer balancer() {
        return balancer;
    }

    BalancerConfig config() {
        return config;
    }

    TestClient client() {
        return client;
    }

    /** The client port's URL of {@code target} (path and query). */
    String url(String target) {
        return "http://127.0.0.1:" + balancer.port() + target;
    }

    String adminUrl(String target) {
        return "http://127.0.0.1:" + balancer.adminPort() + target;
    }

    /** A 200 JSON answer of the admin API. */
    JsonObject admin(String target) {
        try {
            HttpResponse<String> response = client.get(adminUrl(target));
            assertThat(response.statusCode()).as("GET %s: %s", target, response.body()).isEqualTo(200);
            return new JsonObject(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The entry of {@code /admin/workers} for one worker. */
    JsonObject worker(String id) {
        return admin("/admin/workers").getJsonArray("workers").stream()
                .map(JsonObject.class::cast)
                .filter(w -> w.getString("id").equals(id))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no worker " + id + " in /admin/workers"));
    }

    int waiting() {
        return admin("/admin/workers").getJsonObject("queue").getInteger("waiting");
    }

    /**
     * Sends {@code n} requests of {@code io=ioMs} at once, each on its own connection, and asserts
     * they came back in one wave: every one a 200, none before its io, and none waited in the
     * balancer's queue for a worker's slot (one that did would have queued a whole io behind another;
     * what is left is reading it and passing the gate, on two cores shared with this client).
     */
    void assertOneWave(int n, int ioMs) throws Exception {
        List<ConnectionBurst.Answer> answers = ConnectionBurst.run(balancer.port(), n, "/work?io=" + ioMs,
                Duration.ofSeconds(30));

        assertThat(answers).hasSize(n);
        assertThat(answers).as("every request answered 200, none refused or failed")
                .allSatisfy(a -> assertThat(a.status()).as("%s", a).isEqualTo(200));
        long first = answers.stream().mapToLong(ConnectionBurst.Answer::endMs).min().orElseThrow();
        assertThat(first).as("no answer before the io it asked for").isGreaterThanOrEqualTo(ioMs);
        List<JsonObject> timeline = timeline("?limit=" + n);
        assertThat(timeline).hasSize(n);
        assertThat(timeline).as("time in the balancer's queue, ms")
                .allSatisfy(e -> assertThat(e.getDouble("queueMs")).isLessThan(ioMs / 2.0));
    }

    void awaitWaiting(int expected) {
        eventually().until(() -> waiting() == expected);
    }

    void awaitInFlight(String workerId, int expected) {
        eventually().until(() -> worker(workerId).getInteger("inFlight") == expected);
    }

    /** The {@code requests} of {@code /admin/timeline}, oldest first. */
    List<JsonObject> timeline(String query) {
        JsonArray requests = admin("/admin/timeline" + query).getJsonArray("requests");
        return requests.stream().map(JsonObject.class::cast).toList();
    }

    /** Shuts the balancer down now; {@link #close()} then only stops the workers. */
    boolean shutdown(Duration grace) {
        if (!stopped.compareAndSet(false, true)) {
            throw new IllegalStateException("the balancer is already shut down");
        }
        return balancer.shutdown(grace);
    }

    @Override
    public void close() {
        try {
            if (stopped.compareAndSet(false, true)) {
                balancer.shutdown(GRACE);
            }
        } finally {
            for (WorkerServer worker : workers.reversed()) {
                worker.shutdown(GRACE);
            }
            client.close();
        }
    }
}
