package dev.syncasync.balancer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncasync.config.BalancerConfig;
import dev.syncasync.config.Topology;
import dev.syncasync.work.BadParameterException;
import dev.syncasync.work.QueryString;
import dev.syncasync.work.WorkRequest;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Input a worker would refuse is refused by the balancer itself: at once (not after a turn in
 * the queue), with the work contract's JSON 400, whichever pool is active.
 */
class BadInputTest {

    /** Keeps the only sync thread busy, so a request that went through the queue would wait this long. */
    private static final int BUSY_IO_MS = 2_000;

    private BalancerRig rig;

    @AfterEach
    void stop() {
        if (rig != null) {
            rig.close();
        }
    }

    private void start(Topology pool) {
        rig = BalancerRig.start(BalancerConfig.defaults(), pool);
        rig.sync("sync-1", 1);
        rig.async("async-1");
        rig.virtual("virtual-1");
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void a_typo_in_a_parameter_name_is_a_400_naming_it_at_once_not_a_200_after_the_queue(Topology pool)
            throws Exception {
        start(pool);
        CompletableFuture<TestClient.Timed> busy = rig.client().getAsync(rig.url("/work?io=" + BUSY_IO_MS));
        rig.awaitInFlight(pool.label() + "-1", 1);

        TestClient.Timed typo = rig.client().timedGet(rig.url("/work?oi=1000"));

        assertThat(typo.status()).isEqualTo(400);
        assertThat(new JsonObject(typo.response().body())).isEqualTo(new JsonObject(contractError("oi=1000")));
        assertThat(new JsonObject(typo.response().body()).getString("parameter")).isEqualTo("oi");
        assertThat(busy).as("answered before the busy request freed the worker").isNotDone();
        assertThat(busy.join().status()).isEqualTo(200);
        assertThat(rig.worker(pool.label() + "-1").getLong("served")).as("only the busy request reached it")
                .isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void a_malformed_percent_escape_in_the_query_is_the_contracts_json_400_on_either_pool(Topology pool)
            throws Exception {
        start(pool);

        TestClient.Raw response = TestClient.raw(rig.balancer().port(), "GET /work?io=%zz HTTP/1.1\r\nHost: x");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.head()).containsIgnoringCase("Content-Type: application/json");
        assertThat(new JsonObject(response.body())).isEqualTo(new JsonObject(contractError("io=%zz")));
        assertThat(rig.worker(pool.label() + "-1").getLong("served")).isZero();
    }

    @ParameterizedTest
    @EnumSource(Topology.class)
    void a_malformed_percent_escape_in_the_path_is_a_json_400_on_either_pool(Topology pool) throws Exception {
        start(pool);

        TestClient.Raw response = TestClient.raw(rig.balancer().port(), "GET /wo%zzrk HTTP/1.1\r\nHost: x");

        assertThat(response.status()).isEqualTo(400);
        assertThat(new JsonObject(response.body()).getString("error"))
                .startsWith("the path /wo%zzrk is not valid percent-encoding");
    }

    /** The body a worker answers for {@code query}: the shared contract's error. */
    private static String contractError(String query) {
        try {
            WorkRequest.parse(QueryString.parse(query));
        } catch (BadParameterException e) {
            return e.toJson();
        }
        throw new AssertionError(query + " is a valid query");
    }
}
