package dev.syncasync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.syncasync.cli.LabMain;
import dev.syncasync.testing.ChildJvm;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./lab up} as a process: the summary it prints (the live view's URL answers), and SIGTERM
 * with a request in flight.
 */
class LabUpTest {

    @TempDir
    Path dir;

    @Test
    void sigterm_lets_the_request_in_flight_finish_then_the_process_exits() throws Exception {
        int port = freePort();
        int adminPort = freePort();
        int registryPort = freePort();
        Path config = Files.writeString(dir.resolve("t.yml"), """
                topology: sync
                balancer:
                  port: %d
                  admin-port: %d
                sync:
                  workers: 2
                async:
                  workers: 1
                virtual:
                  workers: 1
                registry:
                  port: %d
                """.formatted(port, adminPort, registryPort));
        Path stdout = dir.resolve("stdout.log");
        Process lab = ChildJvm.of(LabMain.class.getName(), "up", config.toString())
                .redirectOutput(stdout.toFile()).redirectError(dir.resolve("stderr.log").toFile()).start();
        try {
            await().atMost(Duration.ofSeconds(60)).failFast("lab up exited", () -> !lab.isAlive())
                    .until(() -> Files.readString(stdout).contains("Ctrl-C stops it"));
            String summary = Files.readString(stdout);
            assertThat(summary).contains("topology sync").contains("http://127.0.0.1:" + port)
                    .contains("sync-1").contains("sync-2").contains("async-1").contains("virtual-1").contains("curl")
                    .contains("virtual pool: 1 workers x a virtual thread per request, no limit at once");
            String liveView = "http://127.0.0.1:" + adminPort + "/";
            assertThat(summary).contains("live      " + liveView + " ");
            // No database installed, none named: the lab runs its own, and the work contract's db part answers.
            assertThat(summary).contains("database  postgresql://postgres@127.0.0.1:", "(embedded PostgreSQL 17.5.0");
            HttpResponse<String> db = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/work?db=200")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(db.statusCode()).as(db.body()).isEqualTo(200);
            assertThat(new JsonObject(db.body()).getInteger("db")).isEqualTo(200);
            List<ProcessHandle> postgres = lab.toHandle().descendants()
                    .filter(p -> p.info().command().orElse("").endsWith("/postgres")).toList();
            assertThat(postgres).as("the embedded PostgreSQL's processes").isNotEmpty();

            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(liveView)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("<title>sync-async lab - live</title>");
            CompletableFuture<HttpResponse<String>> inFlight = http.sendAsync(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/work?io=1500")).build(),
                    HttpResponse.BodyHandlers.ofString());
            await().atMost(Duration.ofSeconds(5)).until(() -> new JsonObject(http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/admin/workers")).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).getInteger("inFlight") == 1);

            lab.destroy(); // SIGTERM

            assertThat(inFlight.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            assertThat(lab.waitFor(15, TimeUnit.SECONDS)).as("exited").isTrue();
            assertThat(Files.readString(stdout)).contains("stopped: every request was answered");
            // SIGTERM stopped the embedded PostgreSQL with the lab: no orphan.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(postgres).noneMatch(ProcessHandle::isAlive));
        } finally {
            lab.destroyForcibly();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
