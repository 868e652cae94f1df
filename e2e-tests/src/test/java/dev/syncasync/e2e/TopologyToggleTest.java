package dev.syncasync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.syncasync.config.Topology;
import dev.syncasync.lab.Lab;
import dev.syncasync.testing.Load;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Switching pools live: by editing the topology file, or through the admin API with its token. */
class TopologyToggleTest {

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private Path file;
    private Lab lab;

    @BeforeEach
    void start() throws Exception {
        file = Files.writeString(dir.resolve("topology.yml"), "topology: sync\n");
        lab = Lab.start(Labs.config(Topology.SYNC, 2, 1, 1), file);
    }

    @AfterEach
    void stop() {
        lab.shutdown(Duration.ofSeconds(5));
    }

    private String activeTopology() throws Exception {
        return new JsonObject(send(HttpRequest.newBuilder(URI.create(lab.adminUrl() + "/admin/topology")))
                .body()).getString("topology");
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void editing_the_file_under_load_switches_pools_within_two_seconds_and_loses_no_request() throws Exception {
        Load load = Load.start(lab.url() + "/work?io=50", 4, Duration.ofSeconds(4));
        await().atMost(Duration.ofSeconds(3)).until(() -> new JsonObject(send(HttpRequest.newBuilder(
                URI.create(lab.adminUrl() + "/admin/workers"))).body()).getLong("inFlight") > 0);

        Files.writeString(file, "topology: async\n");
        long edited = System.nanoTime();
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50))
                .until(() -> activeTopology().equals("async"));
        double switchedAfterMs = (System.nanoTime() - edited) / 1e6;
        Load.Outcome outcome = load.await();

        assertThat(switchedAfterMs).isLessThan(2_000);
        assertThat(outcome.failures()).as(outcome.toString()).isZero();
        JsonObject timeline = new JsonObject(send(HttpRequest.newBuilder(
                URI.create(lab.adminUrl() + "/admin/timeline"))).body());
        JsonArray switches = timeline.getJsonArray("switches");
        assertThat(switches).hasSize(1);
        assertThat(switches.getJsonObject(0).getString("from")).isEqualTo("sync");
        assertThat(switches.getJsonObject(0).getString("to")).isEqualTo("async");
        JsonArray requests = timeline.getJsonArray("requests");
        Set<String> served = IntStream.range(0, requests.size()).mapToObj(requests::getJsonObject)
                .map(r -> r.getString("topology")).collect(Collectors.toSet());
        assertThat(served).containsExactlyInAnyOrder("sync", "async");
    }

    @Test
    void the_toggle_moves_among_all_three_pools_under_load_by_file_and_by_admin_api_and_loses_no_request()
            throws Exception {
        Load load = Load.start(lab.url() + "/work?io=50", 4, Duration.ofSeconds(8));
        await().atMost(Duration.ofSeconds(3)).until(() -> new JsonObject(send(HttpRequest.newBuilder(
                URI.create(lab.adminUrl() + "/admin/workers"))).body()).getLong("inFlight") > 0);

        switchByFile("async");
        switchByFile("virtual");
        switchByApi("sync");
        switchByApi("virtual");
        Load.Outcome outcome = load.await();

        assertThat(outcome.failures()).as(outcome.toString()).isZero();
        JsonObject timeline = new JsonObject(send(HttpRequest.newBuilder(
                URI.create(lab.adminUrl() + "/admin/timeline"))).body());
        JsonArray switches = timeline.getJsonArray("switches");
        assertThat(IntStream.range(0, switches.size()).mapToObj(switches::getJsonObject)
                .map(s -> s.getString("from") + "->" + s.getString("to")).toList())
                .containsExactly("sync->async", "async->virtual", "virtual->sync", "sync->virtual");
        JsonArray requests = timeline.getJsonArray("requests");
        Set<String> served = IntStream.range(0, requests.size()).mapToObj(requests::getJsonObject)
                .map(r -> r.getString("topology")).collect(Collectors.toSet());
        assertThat(served).containsExactlyInAnyOrder("sync", "async", "virtual");
        JsonObject last = requests.getJsonObject(requests.size() - 1);
        assertThat(last.getString("worker")).startsWith("virtual-");
    }

    /** Edits the file to {@code topology} and waits for the switch, under the load's requests for a while. */
    private void switchByFile(String topology) throws Exception {
        Files.writeString(file, "topology: " + topology + "\n");
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50))
                .until(() -> activeTopology().equals(topology));
        awaitServedBy(topology);
    }

    private void switchByApi(String topology) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(
                        URI.create(lab.adminUrl() + "/admin/topology?topology=" + topology))
                .header("Authorization", "Bearer " + lab.balancer().adminToken())
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(response.statusCode()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(2)).until(() -> activeTopology().equals(topology));
        awaitServedBy(topology);
    }

    /** Waits until a worker of {@code topology} has served a request of the load (so every pool really served). */
    private void awaitServedBy(String topology) {
        await().atMost(Duration.ofSeconds(2)).until(() -> servedBy(topology) > 0);
    }

    /** Requests the workers of {@code topology} have answered, from {@code GET /admin/workers}. */
    private long servedBy(String topology) throws Exception {
        JsonArray workers = new JsonObject(send(HttpRequest.newBuilder(
                URI.create(lab.adminUrl() + "/admin/workers"))).body()).getJsonArray("workers");
        return IntStream.range(0, workers.size()).mapToObj(workers::getJsonObject)
                .filter(w -> w.getString("kind").equals(topology)).mapToLong(w -> w.getLong("served")).sum();
    }

    @Test
    void an_invalid_edit_is_refused_and_the_running_topology_stays() throws Exception {
        Files.writeString(file, "topology: reactive\n");

        await().during(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(3))
                .until(() -> activeTopology().equals("sync"));

        Files.writeString(file, "topology: async\n"); // the watcher is still alive
        await().atMost(Duration.ofSeconds(2)).until(() -> activeTopology().equals("async"));
    }

    @Test
    void the_admin_api_switches_only_with_the_token() throws Exception {
        String url = lab.adminUrl() + "/admin/topology?topology=async";

        HttpResponse<String> anonymous = send(HttpRequest.newBuilder(URI.create(url))
                .POST(HttpRequest.BodyPublishers.noBody()));
        HttpResponse<String> wrong = send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer not-the-token").POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(activeTopology()).isEqualTo("sync");

        HttpResponse<String> allowed = send(HttpRequest.newBuilder(URI.create(lab.adminUrl() + "/admin/topology"))
                .header("Authorization", "Bearer " + lab.balancer().adminToken())
                .POST(HttpRequest.BodyPublishers.ofString("{\"topology\": \"async\"}")));

        assertThat(allowed.statusCode()).isEqualTo(202);
        assertThat(activeTopology()).isEqualTo("async");
    }

    @Test
    void an_unknown_topology_in_the_admin_call_is_a_400_naming_it() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(
                        URI.create(lab.adminUrl() + "/admin/topology?topology=threads"))
                .header("Authorization", "Bearer " + lab.balancer().adminToken())
                .POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(new JsonObject(response.body()).getString("parameter")).isEqualTo("topology");
        assertThat(activeTopology()).isEqualTo("sync");
    }
}
