package dev.syncasync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The topology file as Kubernetes mounts a ConfigMap (deploy/k8s): {@code topology.yml} is a
 * symlink to {@code ..data/topology.yml}, {@code ..data} a symlink to a timestamped directory,
 * and an update writes a new directory and renames a new {@code ..data} link over the old one
 * (kubelet's atomic writer), so the file's path never changes and is never missing. The
 * balancer polls the path's text, which follows the links: the swap must toggle it.
 */
class ConfigMapToggleTest {

    @TempDir
    Path volume;

    private final HttpClient http = HttpClient.newHttpClient();
    private Lab lab;
    private int version;

    @BeforeEach
    void start() throws Exception {
        Path first = writeVersion("topology: sync\n");
        Files.createSymbolicLink(volume.resolve("..data"), first.getFileName());
        Files.createSymbolicLink(volume.resolve("topology.yml"), Path.of("..data", "topology.yml"));
        lab = Lab.start(Labs.config(Topology.SYNC, 1, 1), volume.resolve("topology.yml"));
    }

    @AfterEach
    void stop() {
        lab.shutdown(Duration.ofSeconds(5));
    }

    @Test
    void an_atomic_data_symlink_swap_switches_pools_within_two_seconds() throws Exception {
        swap("topology: async\n");
        long swapped = System.nanoTime();

        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50))
                .until(() -> activeTopology().equals("async"));

        assertThat((System.nanoTime() - swapped) / 1e6).isLessThan(2_000);
        JsonArray switches = new JsonObject(get("/admin/timeline")).getJsonArray("switches");
        assertThat(switches).hasSize(1);
        assertThat(switches.getJsonObject(0).getString("to")).isEqualTo("async");
        assertThat(Files.isSymbolicLink(volume.resolve("topology.yml"))).isTrue();
    }

    @Test
    void a_swap_to_an_invalid_file_is_refused_and_the_next_valid_swap_still_switches() throws Exception {
        swap("topology: reactive\n");

        await().during(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(3))
                .until(() -> activeTopology().equals("sync"));

        swap("topology: async\n");
        await().atMost(Duration.ofSeconds(2)).until(() -> activeTopology().equals("async"));
    }

    /** What kubelet does on a ConfigMap update: new directory, new link renamed over ..data, old directory removed. */
    private void swap(String text) throws IOException {
        Path old = volume.resolve("..data").toRealPath();
        Path next = writeVersion(text);
        Path link = Files.createSymbolicLink(volume.resolve("..data_tmp"), next.getFileName());
        Files.move(link, volume.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
        try (Stream<Path> files = Files.walk(old)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private Path writeVersion(String text) throws IOException {
        Path dir = Files.createDirectory(volume.resolve("..2026_11_28_09_00_00." + (++version)));
        Files.writeString(dir.resolve("topology.yml"), text);
        return dir;
    }

    private String activeTopology() throws Exception {
        return new JsonObject(get("/admin/topology")).getString("topology");
    }

    private String get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(lab.adminUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
