package dev.syncasync.demo;

import dev.syncasync.report.DemoReport.Bar;
import dev.syncasync.report.DemoReport.Timeline;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The balancer's own record of every request ({@code GET /admin/timeline}): when each
 * arrived, when it was handed to which worker slot, when it was answered. The demo draws
 * the burst scenarios from it.
 */
final class TimelineFetch {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final String adminUrl;

    TimelineFetch(String adminUrl) {
        this.adminUrl = adminUrl;
    }

    /** The sequence number of the newest request so far. */
    long last() throws IOException, InterruptedException {
        return get("/admin/timeline?limit=1").getLong("last");
    }

    /** Every request after {@code after} (the ring keeps the newest; {@code overwritten} says what was lost). */
    JsonObject since(long after) throws IOException, InterruptedException {
        return get("/admin/timeline?after=" + after + "&limit=1000000");
    }

    /** The requests tagged {@code tag} as one timeline, times from the first arrival. */
    static Timeline timeline(JsonObject since, String title, String topology, String tag) {
        List<JsonObject> mine = new ArrayList<>();
        for (Object o : since.getJsonArray("requests", new JsonArray())) {
            JsonObject r = (JsonObject) o;
            if (r.getString("uri", "").contains("tag=" + tag) && topology.equals(r.getString("topology"))) {
                mine.add(r);
            }
        }
        long first = mine.stream().mapToLong(r -> r.getLong("arrivalUs")).min().orElse(0);
        // A request refused before reaching a worker (a 503 from a full queue) has null worker,
        // slot and dispatch time: it is drawn from its arrival, with no slot.
        List<Bar> bars = mine.stream().map(r -> {
            long arrival = r.getLong("arrivalUs");
            Long dispatch = r.getLong("dispatchUs");
            Integer slot = r.getInteger("slot");
            Integer status = r.getInteger("status");
            // The worker's wait for a database connection (X-Pool-Wait-Ms), null for requests without db work.
            Double poolWait = r.getDouble("poolWaitMs");
            return new Bar(r.getString("worker"), slot == null ? 0 : slot, (arrival - first) / 1000.0,
                    ((dispatch == null ? arrival : dispatch) - first) / 1000.0, (r.getLong("endUs") - first) / 1000.0,
                    status == null ? 0 : status, poolWait == null ? Double.NaN : poolWait);
        }).toList();
        return new Timeline(title, topology, bars);
    }

    private JsonObject get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(adminUrl + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(adminUrl + path + " answered " + response.statusCode());
        }
        return new JsonObject(response.body());
    }
}
