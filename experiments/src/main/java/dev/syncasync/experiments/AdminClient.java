package dev.syncasync.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The balancer's admin API as the host sees it: its port published on 127.0.0.1 only.
 * Only GETs: the experiments read the registry, they never change the lab through it.
 */
final class AdminClient {

    /** One entry of {@code GET /admin/workers}. */
    record Worker(String id, String kind, String address, String state, long served) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI base;

    AdminClient(int port) {
        this.base = URI.create("http://127.0.0.1:" + port);
    }

    /** The workers the registry lists, or an {@link IOException} when the admin API does not answer. */
    List<Worker> workers() throws IOException {
        JsonNode root = get("/admin/workers");
        List<Worker> out = new ArrayList<>();
        for (JsonNode w : root.path("workers")) {
            out.add(new Worker(w.path("id").asText(), w.path("kind").asText(), w.path("address").asText(),
                    w.path("state").asText(), w.path("served").asLong()));
        }
        return out;
    }

    /** The workers of {@code kind} in state ready. */
    long ready(String kind) throws IOException {
        return workers().stream().filter(w -> w.kind().equals(kind) && w.state().equals("ready")).count();
    }

    private JsonNode get(String path) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(3)).GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("GET " + path + " answered " + response.statusCode());
            }
            return JSON.readTree(response.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
