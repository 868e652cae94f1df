package dev.syncasync.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the balancer's admin API. Only GETs: whoever changes the lab (a topology switch) does
 * it on purpose, with the admin token, not through this read-only view.
 */
public final class AdminClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final URI base;

    /** A client of the admin API at {@code adminUrl}, e.g. {@code http://127.0.0.1:8081}. */
    public AdminClient(String adminUrl) {
        this.base = URI.create(adminUrl.replaceAll("/+$", "") + "/");
    }

    /** The admin API's base address. */
    public URI base() {
        return base;
    }

    /**
     * {@code GET /admin/workers}.
     *
     * @throws IOException with a sentence a user can act on when nothing answers, the answer is
     *                     not a 200, or it is not the JSON the balancer writes
     */
    public WorkersView workers() throws IOException {
        return parse(get("admin/workers"));
    }

    /**
     * {@code GET /admin/timeline?limit=N}: the balancer's record of its newest {@code limit}
     * requests (arrival, dispatch, worker slot, end, in microseconds), as the JSON it writes.
     *
     * @throws IOException as {@link #workers()}
     */
    public String timelineJson(int limit) throws IOException {
        return get("admin/timeline?limit=" + limit);
    }

    /** Reads the JSON of {@code GET /admin/workers}. */
    public static WorkersView parse(String json) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new IOException("the admin API answered something that is not JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.path("workers").isArray()) {
            throw new IOException("the admin API's answer has no workers list: " + json);
        }
        List<WorkerView> workers = new ArrayList<>();
        for (JsonNode w : root.path("workers")) {
            JsonNode capacity = w.path("capacity");
            workers.add(new WorkerView(w.path("id").asText(), w.path("kind").asText(), w.path("address").asText(),
                    w.path("state").asText(), w.path("active").asBoolean(),
                    capacity.isNull() || capacity.isMissingNode() ? WorkerView.UNLIMITED : capacity.asInt(),
                    w.path("inFlightLimit").asInt(WorkerView.UNLIMITED), w.path("inFlight").asInt(),
                    w.path("served").asLong(), w.path("failures").asInt()));
        }
        JsonNode queue = root.path("queue");
        return new WorkersView(root.path("topology").asText(), queue.path("waiting").asInt(), queue.path("max").asInt(),
                root.path("inFlight").asInt(), workers);
    }

    private String get(String path) throws IOException {
        URI uri = base.resolve(path);
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET()
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException(uri + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (ConnectException e) {
            throw new IOException("no balancer admin API at " + uri + " (connection refused): start the lab first "
                    + "(./lab up, or docker compose up), or point the admin URL at its admin port", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading " + uri, e);
        }
    }
}
