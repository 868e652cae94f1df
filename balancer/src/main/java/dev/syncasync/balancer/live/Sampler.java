package dev.syncasync.balancer.live;

import dev.syncasync.config.Topology;
import dev.syncasync.work.Millis;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.ArrayList;

/**
 * Turns the admin API's two documents into one message per tick: the queue, the in-flight count,
 * every worker, the requests finished since the last tick and the topology switches. It reads at
 * most {@value #MAX_REQUESTS_PER_TICK} requests a tick, the newest, whatever the load: the count of
 * finished requests stays exact (the timeline's sequence numbers), the per-request detail is a
 * sample beyond that rate, and the message says how many it left out ({@code skipped}).
 */
final class Sampler {

    static final int MAX_REQUESTS_PER_TICK = 250;
    /** Requests a page gets when it opens, so its timeline does not start empty. */
    static final int HELLO_REQUESTS = 500;
    /** A minute of ticks: what a page that opens now gets of the queue's past. */
    static final int HISTORY_TICKS = 60 * LiveStream.TICKS_PER_SECOND;
    private static final int MAX_TAG = 64;

    private final LiveSource source;
    private final ArrayDeque<JsonArray> history = new ArrayDeque<>();
    private long lastSeq;
    private long lastSwitchUs;

    Sampler(LiveSource source) {
        this.source = source;
    }

    /** Starts from now: the first tick reports what finishes after this. */
    void start() {
        JsonObject timeline = source.timeline(0, 1);
        lastSeq = timeline.getLong("last", 0L);
        lastSwitchUs = latestSwitch(timeline.getJsonArray("switches"));
        history.clear();
    }

    /** What a page gets first: the pools, the tick, the last minute and the last requests. */
    JsonObject hello() {
        JsonObject timeline = source.timeline(Math.max(0, lastSeq - HELLO_REQUESTS), HELLO_REQUESTS);
        JsonArray recent = new JsonArray();
        for (Object o : timeline.getJsonArray("requests", new JsonArray())) {
            JsonObject entry = (JsonObject) o;
            // Anything newer belongs to the next tick.
            if (entry.getLong("seq") <= lastSeq) {
                recent.add(compact(entry));
            }
        }
        JsonArray pools = new JsonArray();
        for (Topology t : Topology.values()) {
            pools.add(t.label());
        }
        return state(source.workers())
                .put("tickMs", LiveStream.TICK_MS)
                .put("pools", pools)
                .put("history", new JsonArray(new ArrayList<Object>(history)))
                .put("requests", recent)
                .put("switches", timeline.getJsonArray("switches", new JsonArray()));
    }

    /** One tick: the state now and what finished since the previous tick. */
    JsonObject sample() {
        JsonObject workers = source.workers();
        JsonObject timeline = source.timeline(lastSeq, MAX_REQUESTS_PER_TICK);
        long last = timeline.getLong("last", lastSeq);
        JsonArray requests = new JsonArray();
        for (Object o : timeline.getJsonArray("requests", new JsonArray())) {
            requests.add(compact((JsonObject) o));
        }
        long done = Math.max(0, last - lastSeq);
        lastSeq = last;
        JsonObject message = state(workers)
                .put("done", done)
                .put("skipped", Math.max(0, done - requests.size()))
                .put("requests", requests)
                .put("switches", newSwitches(timeline.getJsonArray("switches", new JsonArray())));
        remember(message);
        return message;
    }

    private JsonObject state(JsonObject workers) {
        return new JsonObject()
                .put("t", Millis.nowMicros())
                .put("topology", workers.getString("topology"))
                .put("queue", workers.getJsonObject("queue"))
                .put("inFlight", workers.getInteger("inFlight"))
                .put("last", lastSeq)
                .put("workers", workers.getJsonArray("workers"));
    }

    private void remember(JsonObject message) {
        if (history.size() == HISTORY_TICKS) {
            history.removeFirst();
        }
        history.addLast(new JsonArray().add(message.getLong("t"))
                .add(message.getJsonObject("queue").getInteger("waiting"))
                .add(message.getInteger("inFlight"))
                .add(message.getLong("done")));
    }

    private JsonArray newSwitches(JsonArray switches) {
        JsonArray fresh = new JsonArray();
        for (Object o : switches) {
            JsonObject s = (JsonObject) o;
            if (s.getLong("atUs") > lastSwitchUs) {
                fresh.add(s);
            }
        }
        lastSwitchUs = Math.max(lastSwitchUs, latestSwitch(switches));
        return fresh;
    }

    private static long latestSwitch(JsonArray switches) {
        long latest = 0;
        for (Object o : switches == null ? new JsonArray() : switches) {
            latest = Math.max(latest, ((JsonObject) o).getLong("atUs"));
        }
        return latest;
    }

    /**
     * One request as the page draws it, an array rather than an object to keep a tick small:
     * [seq, id, arrivalUs, dispatchUs, endUs, worker, slot, status, queueMs, topology, tag].
     */
    static JsonArray compact(JsonObject entry) {
        return new JsonArray()
                .add(entry.getLong("seq"))
                .add(entry.getLong("id"))
                .add(entry.getLong("arrivalUs"))
                .add(entry.getLong("dispatchUs"))
                .add(entry.getLong("endUs"))
                .add(entry.getString("worker"))
                .add(entry.getInteger("slot"))
                .add(entry.getInteger("status"))
                .add(entry.getDouble("queueMs"))
                .add(entry.getString("topology"))
                .add(tag(entry.getString("uri")));
    }

    /** The {@code tag=} of a request's query (the work contract's free label), or null. */
    static String tag(String uri) {
        int query = uri == null ? -1 : uri.indexOf('?');
        if (query < 0) {
            return null;
        }
        for (String part : uri.substring(query + 1).split("&")) {
            if (part.startsWith("tag=")) {
                String value = part.substring("tag=".length());
                return value.length() > MAX_TAG ? value.substring(0, MAX_TAG) : value;
            }
        }
        return null;
    }
}
