package dev.syncasync.gatling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The running lab as a simulation sees it, read once from the balancer's
 * {@code GET /admin/workers} before the first request: which pool is active, how many of its
 * workers are ready, and how many requests they can serve at once.
 *
 * @param topology   the active pool: {@code sync} or {@code async}
 * @param workers    ready workers in the active pool
 * @param slots      requests the active pool serves at once; {@link Integer#MAX_VALUE} when
 *                   unlimited (the async pool waits without holding a thread)
 * @param cores      cores the lab's machine has (for CPU-bound predictions)
 * @param eventLoops event loops per async worker (for CPU-bound predictions)
 * @param syncSlots  requests the sync pool serves at once, active or not (0 if it has no
 *                   ready worker): the capacity an open-model ramp is sized against
 */
record LabTopology(String topology, int workers, int slots, int cores, int eventLoops, int syncSlots) {

    static LabTopology fetch(String adminUrl, int cores, int eventLoops) {
        URI uri = URI.create(adminUrl.replaceAll("/+$", "") + "/admin/workers");
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
        String body;
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(uri + " answered " + response.statusCode() + ": " + response.body());
            }
            body = response.body();
        } catch (ConnectException e) {
            throw new IllegalStateException("no balancer admin API at " + uri + " (connection refused): start the lab "
                    + "first (./lab up, or docker compose up), or point -DadminUrl at its admin port");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the topology from " + uri + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + uri);
        }
        return parse(body, cores, eventLoops);
    }

    static LabTopology parse(String json, int cores, int eventLoops) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("the admin API answered something that is not JSON: " + e.getMessage());
        }
        String topology = root.path("topology").asText();
        int workers = 0;
        long slots = 0;
        int syncSlots = 0;
        for (JsonNode worker : root.path("workers")) {
            if (!"ready".equals(worker.path("state").asText())) {
                continue;
            }
            if ("sync".equals(worker.path("kind").asText())) {
                syncSlots += Math.min(worker.path("capacity").asInt(1), worker.path("inFlightLimit").asInt(Integer.MAX_VALUE));
            }
            if (!worker.path("active").asBoolean()) {
                continue;
            }
            workers++;
            JsonNode capacity = worker.path("capacity");
            slots += capacity.isNull() || capacity.isMissingNode()
                    ? Integer.MAX_VALUE
                    : Math.min(capacity.asInt(), worker.path("inFlightLimit").asInt(Integer.MAX_VALUE));
        }
        if (workers == 0) {
            throw new IllegalStateException("the " + topology + " pool has no ready worker: nothing to measure");
        }
        return new LabTopology(topology, workers, (int) Math.min(slots, Integer.MAX_VALUE), cores, eventLoops,
                syncSlots == 0 ? 4 : syncSlots);
    }

    /** Slots that {@code n} requests at once actually get: all of them on an unlimited pool. */
    int slotsFor(int n) {
        return Math.min(n, slots);
    }

    /** Threads that can compute at once: the sync pool's threads, or the async pool's event loops. */
    int computeThreads() {
        return slots == Integer.MAX_VALUE ? workers * eventLoops : slots;
    }

    boolean isAsync() {
        return topology.equals("async");
    }

    String describe() {
        return topology + " pool: " + workers + " ready worker" + (workers == 1 ? "" : "s") + ", "
                + (slots == Integer.MAX_VALUE ? "no limit on requests at once" : slots + " at once");
    }
}
