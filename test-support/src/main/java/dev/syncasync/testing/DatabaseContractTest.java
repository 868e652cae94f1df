package dev.syncasync.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.syncasync.config.DatabaseConfig;
import dev.syncasync.database.EmbeddedPostgres;
import dev.syncasync.server.WorkerServer;
import dev.syncasync.work.LabHeaders;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code db=<ms>} part of the work contract, run against every worker kind on a real
 * PostgreSQL (an {@link EmbeddedPostgres} on a free port, shared by the class): the query, the
 * pool wait it reports, waves once the pool is exhausted, and the bad cases - a database that
 * stops mid-run (fast 503s naming it, {@code io} still served, recovery when it returns) and a
 * worker started while its database is away.
 *
 * @param <W> the worker type under test
 */
public abstract class DatabaseContractTest<W extends WorkerServer> {

    /** Connections per worker in these tests: small, so a burst of three times as many comes in three waves. */
    protected static final int POOL = 2;
    /** The acquisition timeout: a request waits at most this long for a connection. */
    protected static final int ACQUIRE_TIMEOUT_MS = 1_000;

    protected static EmbeddedPostgres database;
    protected static TestHttp http;
    private W worker;

    /**
     * Starts the worker under test on a free port with {@code db} as its database; it must serve
     * at least {@code 3 x POOL} requests at once, so only the pool makes them wait.
     */
    protected abstract W start(DatabaseConfig db);

    @BeforeAll
    static void startDatabase() {
        database = EmbeddedPostgres.start(20);
        http = new TestHttp();
    }

    @AfterAll
    static void stopDatabase() {
        http.close();
        database.close();
    }

    @AfterEach
    void stopWorker() {
        if (worker != null) {
            worker.shutdown(Duration.ofSeconds(10));
        }
    }

    protected static DatabaseConfig config() {
        return DatabaseConfig.defaults().withUrl(database.url()).withPoolSize(POOL)
                .withAcquireTimeoutMs(ACQUIRE_TIMEOUT_MS);
    }

    private W worker(DatabaseConfig db) {
        worker = start(db);
        return worker;
    }

    @Test
    void db_sleeps_in_the_database_and_reports_its_wait_for_a_connection() throws Exception {
        W w = worker(config());

        HttpResponse<String> response = http.get(w.url() + "/work?db=200");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode json = TestHttp.json(response.body());
        assertThat(json.get("db").asInt()).isEqualTo(200);
        assertThat(json.get("dbQueryMs").asDouble()).isGreaterThanOrEqualTo(200.0);
        assertThat(json.get("serviceMs").asDouble()).isGreaterThanOrEqualTo(200.0);
        assertThat(response.headers().firstValue(LabHeaders.POOL_WAIT_MS))
                .hasValueSatisfying(header -> assertThat(Double.parseDouble(header))
                        .isEqualTo(json.get("poolWaitMs").asDouble()));
    }

    @Test
    void io_db_and_cpu_combine_in_one_request() throws Exception {
        W w = worker(config());

        HttpResponse<String> response = http.get(w.url() + "/work?io=100&db=100&cpu=50");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode json = TestHttp.json(response.body());
        assertThat(json.get("serviceMs").asDouble()).isGreaterThanOrEqualTo(250.0);
        assertThat(json.get("cpuUsedMs").asDouble()).isGreaterThanOrEqualTo(50.0);
        assertThat(json.get("dbQueryMs").asDouble()).isGreaterThanOrEqualTo(100.0);
    }

    /**
     * 3 x POOL requests of db=300 at once on POOL connections: three waves. The k-th wave
     * (k = 0, 1, 2) waits about k x 300 ms for a connection, so the makespan is about 900 ms:
     * at least 3 x 300 and under 4 x 300 (one wave more).
     */
    @Test
    void more_requests_than_connections_come_in_waves_and_wait_in_the_pool() throws Exception {
        W w = worker(config());
        http.get(w.url() + "/work?db=1");
        int dbMs = 300;

        List<Burst.Result> results = Burst.send(w.url() + "/work?db=" + dbMs, 3 * POOL, Duration.ofSeconds(20));

        assertThat(results).allSatisfy(r -> assertThat(r.status()).as(r.body().toString()).isEqualTo(200));
        List<Double> waits = results.stream().map(r -> r.body().get("poolWaitMs").asDouble()).sorted().toList();
        for (int wave = 0; wave < 3; wave++) {
            for (int i = 0; i < POOL; i++) {
                double wait = waits.get(wave * POOL + i);
                // A later arrival of the same wave waits a little less: the arrival spread, well under a wave.
                assertThat(wait).as("pool wait of wave %d: %s", wave, waits)
                        .isGreaterThanOrEqualTo(wave * dbMs - 0.5 * dbMs).isLessThan((wave + 0.5) * dbMs + 250);
            }
        }
        assertThat(Burst.makespan(results)).isGreaterThanOrEqualTo(3.0 * dbMs).isLessThan(4.0 * dbMs);
    }

    @Test
    void a_stopped_database_is_a_fast_503_naming_it_io_still_works_and_it_recovers() throws Exception {
        W w = worker(config());
        assertThat(http.get(w.url() + "/work?db=10").statusCode()).isEqualTo(200);
        String name = config().address().display();
        try {
            database.stop();

            long start = System.nanoTime();
            HttpResponse<String> refused = http.get(w.url() + "/work?db=10");
            long tookMs = (System.nanoTime() - start) / 1_000_000;

            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            assertThat(TestHttp.text(refused.body(), "database")).isEqualTo(name);
            assertThat(TestHttp.text(refused.body(), "error")).startsWith("database " + name + " unavailable: ");
            // The acquisition timeout plus a connection attempt's: fast, never a hang.
            assertThat(tookMs).isLessThan(ACQUIRE_TIMEOUT_MS + 2_000L);
            assertThat(http.get(w.url() + "/work?io=10&cpu=5").statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                HttpResponse<String> health = http.get(w.url() + "/health");
                assertThat(health.statusCode()).isEqualTo(200);
                assertThat(TestHttp.text(health.body(), "database")).startsWith("unreachable: ");
            });
        } finally {
            database.resume();
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(
                () -> assertThat(http.get(w.url() + "/work?db=10").statusCode()).isEqualTo(200));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(
                () -> assertThat(TestHttp.text(http.get(w.url() + "/health").body(), "database")).isEqualTo("up"));
    }

    @Test
    void a_worker_starts_while_its_database_is_away_and_serves_io_and_cpu() throws Exception {
        DatabaseConfig away = config().withUrl("postgresql://postgres@127.0.0.1:" + closedPort() + "/postgres");
        W w = worker(away);

        assertThat(http.get(w.url() + "/work?io=10&cpu=5").statusCode()).isEqualTo(200);
        long start = System.nanoTime();
        HttpResponse<String> refused = http.get(w.url() + "/work?db=10");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(ACQUIRE_TIMEOUT_MS + 2_000L);
        assertThat(TestHttp.text(refused.body(), "database")).isEqualTo(away.address().display());
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            HttpResponse<String> health = http.get(w.url() + "/health");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(TestHttp.text(health.body(), "status")).isEqualTo("UP");
            assertThat(TestHttp.text(health.body(), "database")).startsWith("unreachable: ");
        });
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
