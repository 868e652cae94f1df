package dev.syncasync.gatling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.syncasync.admin.AdminClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * How long a request of {@code io=0} holds its worker slot, as the balancer saw it: from its
 * dispatch to the worker to the end of its answer ({@code GET /admin/timeline}). A request of
 * {@code io=T} holds the slot for {@code T} plus this, so a sync pool's waves are this much
 * longer than {@code io} - less than the client's whole round trip, which also pays the hops
 * between client and balancer once per request, not once per wave.
 */
final class SlotHold {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SlotHold() {
    }

    /**
     * The mean hold (ms) of the requests with the given balancer ids, read from the admin
     * API at {@code adminUrl}; NaN when the timeline has none of them (or cannot be read).
     */
    static double meanMs(String adminUrl, Collection<Long> requestIds) {
        if (requestIds.isEmpty()) {
            return Double.NaN;
        }
        try {
            return fromTimeline(new AdminClient(adminUrl).timelineJson(10_000), requestIds);
        } catch (IOException e) {
            System.out.println("lab: cannot read the balancer's timeline (" + e.getMessage() + "); a slot's hold is taken "
                    + "as the whole round trip");
            return Double.NaN;
        }
    }

    /**
     * The mean hold (ms) of the requests with the given ids in a timeline's JSON; NaN when none.
     * The mean, not the median: a pool's capacity is its slots over the mean time a request holds one.
     */
    static double fromTimeline(String timelineJson, Collection<Long> requestIds) throws IOException {
        JsonNode root = JSON.readTree(timelineJson);
        List<Double> holds = new ArrayList<>();
        for (JsonNode r : root.path("requests")) {
            if (requestIds.contains(r.path("id").asLong(-1)) && r.path("dispatchUs").isNumber()) {
                holds.add((r.path("endUs").asLong() - r.path("dispatchUs").asLong()) / 1000.0);
            }
        }
        return holds.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }
}
