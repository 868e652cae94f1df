package dev.syncasync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.syncasync.config.LabConfig;
import dev.syncasync.config.Topology;
import dev.syncasync.lab.Lab;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting, using and stopping a whole lab as `./lab up` does. */
class LabLifecycleTest {

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void admin_lists_every_worker_of_both_pools_with_its_state_and_counts() throws Exception {
        try (Lab lab = Lab.start(Labs.config(Topology.SYNC, 2, 1))) {
            assertThat(get(lab.url() + "/work?io=1").statusCode()).isEqualTo(200);

            JsonObject admin = new JsonObject(get(lab.adminUrl() + "/admin/workers").body());

            assertThat(admin.getString("topology")).isEqualTo("sync");
            JsonArray workers = admin.getJsonArray("workers");
            assertThat(workers).hasSize(3);
            List<JsonObject> list = IntStream.range(0, 3).mapToObj(workers::getJsonObject).toList();
            assertThat(list).extracting(w -> w.getString("id")).containsExactly("sync-1", "sync-2", "async-1");
            assertThat(list).allSatisfy(w -> {
                assertThat(w.getString("state")).isEqualTo("ready");
                assertThat(w.getString("address")).matches("127\\.0\\.0\\.1:\\d+");
                assertThat(w.getInteger("inFlight")).isZero();
            });
            assertThat(list.stream().mapToLong(w -> w.getLong("served")).sum()).isEqualTo(1);
            assertThat(list.get(2).getBoolean("active")).isFalse();
        }
    }

    @Test
    void an_invalid_parameter_through_the_balancer_gets_a_400_naming_it() throws Exception {
        try (Lab lab = Lab.start(Labs.config(Topology.SYNC, 1, 1))) {
            HttpResponse<String> response = get(lab.url() + "/work?io=soon");

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(new JsonObject(response.body()).getString("parameter")).isEqualTo("io");
            // Refused by the balancer against the work contract before it queues: no worker saw it.
            assertThat(response.headers().firstValue("X-Worker-Id")).isEmpty();
        }
    }

    @Test
    void the_timeline_is_also_appended_to_a_jsonl_file_when_configured(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("timeline.jsonl");
        LabConfig config = Labs.config(Topology.SYNC, 1, 0);
        try (Lab lab = Lab.start(config.withBalancer(config.balancer().withTimelineFile(file.toString())))) {
            assertThat(get(lab.url() + "/work?io=1").statusCode()).isEqualTo(200);
            assertThat(get(lab.url() + "/work?io=x").statusCode()).isEqualTo(400);

            await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(file)
                    && Files.readAllLines(file).size() == 2);
            List<JsonObject> lines = Files.readAllLines(file).stream().map(JsonObject::new).toList();
            assertThat(lines).extracting(l -> l.getInteger("status")).containsExactly(200, 400);
            assertThat(lines).extracting(l -> l.getString("worker")).containsExactly("sync-1", null);
        }
    }

    @Test
    void stopping_lets_requests_in_flight_and_in_the_queue_finish_then_refuses_connections() throws Exception {
        Lab lab = Lab.start(Labs.config(Topology.SYNC, 2, 0));
        // 1.5 s of service: the state "2 in flight, 2 waiting" lasts that long, long enough to be
        // seen by polling on a busy machine.
        List<CompletableFuture<HttpResponse<String>>> calls = IntStream.range(0, 4)
                .mapToObj(i -> http.sendAsync(HttpRequest.newBuilder(URI.create(lab.url() + "/work?io=1500")).build(),
                        HttpResponse.BodyHandlers.ofString()))
                .toList();
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            JsonObject admin = new JsonObject(get(lab.adminUrl() + "/admin/workers").body());
            return admin.getInteger("inFlight") == 2 && admin.getJsonObject("queue").getInteger("waiting") == 2;
        });

        boolean clean = lab.shutdown(Duration.ofSeconds(10));

        assertThat(clean).isTrue();
        assertThat(calls).allSatisfy(c -> assertThat(c.get().statusCode()).isEqualTo(200));
        assertThatThrownBy(() -> get(lab.url() + "/work")).isInstanceOf(IOException.class);
    }
}
