package dev.syncasync.balancer;

import dev.syncasync.config.Topology;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded ring of the last {@code capacity} finished requests, readable as JSON, and
 * optionally appended to a JSONL file (through Vert.x's async file API, so the event loop
 * never waits on the disk). Thread-safe: every data-plane loop records into it, under its monitor.
 */
final class Timeline {

    private static final Logger LOG = LoggerFactory.getLogger(Timeline.class);

    /*
     * One column per field instead of one object per request: the ring lives long enough to
     * be promoted, and a stop-the-world collector copies every surviving object. Columns of
     * primitives leave one surviving object per request (its URI) instead of two or three.
     */
    private final int capacity;
    private final long[] ids;
    private final String[] methods;
    private final String[] uris;
    private final Topology[] topologies;
    private final long[] arrivalUs;
    private final long[] dispatchUs;
    private final String[] workers;
    private final int[] slots;
    private final long[] responseStartUs;
    private final long[] endUs;
    private final int[] statuses;
    private final double[] queueMs;
    private final int[] attempts;
    private final double[] poolWaitMs;
    private long seq;
    private volatile AsyncFile file;
    /** The last topology switches, so a reader can draw them on the waves. */
    private final java.util.ArrayDeque<JsonObject> switches = new java.util.ArrayDeque<>();

    Timeline(int capacity) {
        this.capacity = capacity;
        ids = new long[capacity];
        methods = new String[capacity];
        uris = new String[capacity];
        topologies = new Topology[capacity];
        arrivalUs = new long[capacity];
        dispatchUs = new long[capacity];
        workers = new String[capacity];
        slots = new int[capacity];
        responseStartUs = new long[capacity];
        endUs = new long[capacity];
        statuses = new int[capacity];
        queueMs = new double[capacity];
        attempts = new int[capacity];
        poolWaitMs = new double[capacity];
    }

    /** Opens the JSONL file for appending; the ring works without it if it cannot be opened. */
    void appendTo(Vertx vertx, String path) {
        if (path == null || path.isBlank()) {
            return;
        }
        vertx.fileSystem().open(path, new OpenOptions().setAppend(true).setCreate(true).setWrite(true))
                .onSuccess(f -> file = f)
                .onFailure(e -> LOG.atWarn().log(() -> "timeline file " + path + " cannot be opened: " + e.getMessage()));
    }

    /** Records the outcome of {@code p}: it ended at {@code end} (wall-clock µs) with {@code status}. */
    synchronized void add(Pending p, int status, Topology topology, long end, double waitedMs) {
        long s = ++seq;
        if (capacity > 0) {
            int i = (int) ((s - 1) % capacity);
            ids[i] = p.id;
            methods[i] = p.method;
            uris[i] = p.uri;
            topologies[i] = topology;
            arrivalUs[i] = p.arrivalUs;
            dispatchUs[i] = p.dispatchUs;
            workers[i] = p.backend == null ? null : p.backend.id();
            slots[i] = p.slot;
            responseStartUs[i] = p.responseStartUs;
            endUs[i] = end;
            statuses[i] = status;
            queueMs[i] = waitedMs;
            attempts[i] = p.attempts;
            poolWaitMs[i] = p.poolWaitMs;
        }
        if (file != null) {
            TimelineEntry entry = new TimelineEntry(s, p.id, p.method, p.uri,
                    topology.label(), p.arrivalUs, p.dispatchUs, p.backend == null ? null : p.backend.id(), p.slot,
                    p.responseStartUs, end, status, waitedMs, p.attempts, p.poolWaitMs);
            file.write(Buffer.buffer(entry.toJson().encode() + "\n"));
        }
    }

    private TimelineEntry entry(long s, int i) {
        return new TimelineEntry(s, ids[i], methods[i], uris[i], topologies[i].label(), arrivalUs[i], dispatchUs[i],
                workers[i], slots[i], responseStartUs[i], endUs[i], statuses[i], queueMs[i], attempts[i], poolWaitMs[i]);
    }

    /**
     * Entries with {@code seq > after}, oldest first, at most {@code limit} of the newest.
     * The result says how many matching entries the ring had already overwritten.
     */
    synchronized JsonObject toJson(long after, int limit) {
        long oldest = Math.max(1, seq - capacity + 1);
        long from = Math.max(Math.max(after + 1, oldest), seq - limit + 1);
        JsonArray requests = new JsonArray();
        for (long s = from; s <= seq; s++) {
            requests.add(entry(s, (int) ((s - 1) % capacity)).toJson());
        }
        return new JsonObject()
                .put("last", seq)
                .put("capacity", capacity)
                .put("overwritten", Math.max(0, oldest - after - 1))
                .put("switches", new JsonArray(new java.util.ArrayList<Object>(switches)))
                .put("requests", requests);
    }

    /** Records a switch of the active pool at {@code atUs}, after request {@code seq} so far. */
    synchronized void switched(String from, String to, long atUs) {
        if (switches.size() == 100) {
            switches.removeFirst();
        }
        switches.addLast(new JsonObject().put("atUs", atUs).put("from", from).put("to", to).put("afterSeq", seq));
    }

    synchronized void close() {
        if (file != null) {
            file.close();
        }
    }
}
