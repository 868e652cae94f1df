package dev.syncasync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.syncasync.cli.LabMain;
import dev.syncasync.config.Topology;
import dev.syncasync.lab.Lab;
import dev.syncasync.testing.ChildJvm;
import dev.syncasync.work.LabHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./lab worker virtual}: one more virtual worker joins a running lab through its registry. */
class LabWorkerVirtualTest {

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    @Timeout(120)
    void lab_worker_virtual_joins_the_running_lab_serves_the_virtual_pool_and_leaves_on_sigterm() throws Exception {
        try (Lab lab = Lab.start(Labs.config(Topology.VIRTUAL, 1, 0, 0))) {
            Path config = Files.writeString(dir.resolve("t.yml"), "registry:\n  members: [127.0.0.1:"
                    + lab.registryPort() + "]\n");
            Path stdout = dir.resolve("stdout.txt");
            Process worker = ChildJvm.of(LabMain.class.getName(), "worker", "virtual", "--config", config.toString())
                    .redirectOutput(stdout.toFile()).redirectError(dir.resolve("stderr.txt").toFile()).start();
            try {
                await().atMost(Duration.ofSeconds(60)).failFast("./lab worker exited", () -> !worker.isAlive())
                        .until(() -> readyVirtualWorker(lab).isPresent());
                HttpResponse<String> response = get(lab.url() + "/work?io=10");

                assertThat(Files.readString(stdout)).contains("(virtual, capacity unlimited)").contains("joined the lab");
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.headers().firstValue(LabHeaders.WORKER_ID)).isEqualTo(readyVirtualWorker(lab));
                assertThat(new JsonObject(response.body()).getString("kind")).isEqualTo("virtual");

                worker.destroy();
                await().atMost(Duration.ofSeconds(30)).until(() -> readyVirtualWorker(lab).isEmpty());
            } finally {
                worker.destroyForcibly();
            }
        }
    }

    private Optional<String> readyVirtualWorker(Lab lab) throws Exception {
        JsonArray workers = new JsonObject(get(lab.adminUrl() + "/admin/workers").body()).getJsonArray("workers");
        return IntStream.range(0, workers.size()).mapToObj(workers::getJsonObject)
                .filter(w -> w.getString("kind").equals("virtual") && w.getString("state").equals("ready"))
                .map(w -> w.getString("id")).findFirst();
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
