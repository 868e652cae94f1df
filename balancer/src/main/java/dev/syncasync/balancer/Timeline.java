package dev.syncasync.balancer;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.logging.Logger;

/**
 * A bounded ring of the last {@code capacity} finished requests, readable as JSON, and
 * optionally appended to a JSONL file (through Vert.x's async file API, so the event loop
 * never waits on the disk). Confined to the balancer's event loop.
 */
final class Timeline {

    private static final Logger LOG = Logger.getLogger(Timeline.class.getName());

    private final TimelineEntry[] ring;
    private long seq;
    private AsyncFile file;

    Timeline(int capacity) {
        this.ring = new TimelineEntry[capacity];
    }

    /** Opens the JSONL file for appending; the ring works without it if it cannot be opened. */
    void appendTo(Vertx vertx, String path) {
        if (path == null || path.isBlank()) {
            return;
        }
        vertx.fileSystem().open(path, new OpenOptions().setAppend(true).setCreate(true).setWrite(true))
                .onSuccess(f -> file = f)
                .onFailure(e -> LOG.warning(() -> "timeline file " + path + " cannot be opened: " + e.getMessage()));
    }

    long nextSeq() {
        return ++seq;
    }

    void add(TimelineEntry entry) {
        if (ring.length > 0) {
            ring[(int) ((entry.seq() - 1) % ring.length)] = entry;
        }
        if (file != null) {
            file.write(Buffer.buffer(entry.toJson().encode() + "\n"));
        }
    }

    /**
     * Entries with {@code seq > after}, oldest first, at most {@code limit} of the newest.
     * The result says how many matching entries the ring had already overwritten.
     */
    JsonObject toJson(long after, int limit) {
        long oldest = Math.max(1, seq - ring.length + 1);
        long from = Math.max(Math.max(after + 1, oldest), seq - limit + 1);
        JsonArray requests = new JsonArray();
        for (long s = from; s <= seq; s++) {
            requests.add(ring[(int) ((s - 1) % ring.length)].toJson());
        }
        return new JsonObject()
                .put("last", seq)
                .put("capacity", ring.length)
                .put("overwritten", Math.max(0, oldest - after - 1))
                .put("requests", requests);
    }

    void close() {
        if (file != null) {
            file.close();
        }
    }
}
