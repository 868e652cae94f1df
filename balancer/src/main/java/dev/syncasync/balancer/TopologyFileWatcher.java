package dev.syncasync.balancer;

import dev.syncasync.config.ConfigException;
import dev.syncasync.config.ConfigLoader;
import dev.syncasync.config.Topology;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.NoSuchFileException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the topology file: when its text changes, it is parsed again; a valid file's
 * {@code topology:} becomes the active one, an invalid edit is refused with a log line naming
 * the field and the running topology stays. So is a file that is empty (or only comments: an
 * editor that truncates before it writes, {@code > file}), which would otherwise read as the
 * defaults and switch pools, and a file that is missing or cannot be read. Polls every
 * {@value #POLL_MS} ms with Vert.x's async file API, so the switch lands within a second and the
 * event loop never waits on disk.
 */
final class TopologyFileWatcher {

    static final int POLL_MS = 500;
    private static final Logger LOG = LoggerFactory.getLogger(TopologyFileWatcher.class);

    private final Vertx vertx;
    private final String path;
    private final Consumer<Topology> request;
    /** The environment without LAB_TOPOLOGY: that variable sets the topology at start only, edits win after. */
    private final Map<String, String> env;
    private String lastText;
    /** Why the file could not be read at the last poll (logged once), or null when it could. */
    private String unreadable;
    private long timerId = -1;

    TopologyFileWatcher(Vertx vertx, String path, Consumer<Topology> request) {
        this.vertx = vertx;
        this.path = path;
        this.request = request;
        Map<String, String> e = new HashMap<>(System.getenv());
        e.remove("LAB_TOPOLOGY");
        this.env = Map.copyOf(e);
    }

    /**
     * Remembers the file as it is now (the running topology came from it) and starts polling;
     * completes once it has, so that an edit made after {@code start} returns is always seen.
     */
    Future<Void> start() {
        return vertx.fileSystem().readFile(path).transform(ar -> {
            lastText = ar.succeeded() ? ar.result().toString() : null;
            timerId = vertx.setPeriodic(POLL_MS, id -> poll());
            LOG.atInfo().log(() -> "watching " + path + ": edit its topology: key to switch pools");
            return Future.succeededFuture();
        });
    }

    void stop() {
        vertx.cancelTimer(timerId);
    }

    private void poll() {
        vertx.fileSystem().readFile(path).onComplete(read -> {
            if (read.failed()) {
                unreadable(read.cause());
                return;
            }
            if (unreadable != null) {
                unreadable = null;
                LOG.atInfo().log(() -> path + " can be read again");
            }
            String text = read.result().toString();
            if (!text.equals(lastText)) {
                lastText = text;
                changed(text);
            }
        });
    }

    private void unreadable(Throwable cause) {
        String reason = cause.getCause() instanceof NoSuchFileException ? "it does not exist (deleted or renamed?)"
                : "it cannot be read: " + cause.getMessage();
        if (!reason.equals(unreadable)) {
            unreadable = reason;
            LOG.atWarn().log(() -> "refused the edit of " + path + ": " + reason + "; the running topology stays");
        }
    }

    private void changed(String text) {
        if (text.lines().map(line -> line.replaceFirst("#.*", "").strip()).allMatch(String::isEmpty)) {
            LOG.atWarn().log(() -> "refused the edit of " + path + ": the file is empty"
                    + (text.isBlank() ? "" : " (only comments)")
                    + " (an editor that truncates before it writes?); the running topology stays");
            return;
        }
        try {
            Topology topology = ConfigLoader.parse(text, path, env).topology();
            LOG.atInfo().log(() -> path + " changed: topology " + topology.label());
            request.accept(topology);
        } catch (ConfigException e) {
            LOG.atWarn().log(() -> "refused the edit of " + e.getMessage() + "; the running topology stays");
        }
    }
}
