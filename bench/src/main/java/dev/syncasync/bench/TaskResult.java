package dev.syncasync.bench;

import io.vertx.core.json.JsonObject;

/**
 * What starting tasks of one kind measured: how many were waiting at once, how long creating
 * them took, and how much the resident memory grew. Crosses the process boundary as one JSON
 * line ({@link #toJson()}, {@link #parse}).
 *
 * @param kind      the kind of task
 * @param requested N, the tasks asked for
 * @param created   the tasks measured: N, or fewer when bounded or stopped by the OS
 * @param nanos     from the first start until every created task was waiting
 * @param rssBytes  growth of the resident set (the children's resident sets, for processes)
 * @param stoppedBy why fewer than the bound were created (the OS's error), or null
 */
record TaskResult(TaskKind kind, long requested, long created, long nanos, long rssBytes, String stoppedBy) {

    /** Whether the row is scaled up to N from fewer tasks, as the seed does for processes. */
    boolean extrapolated() {
        return created < requested;
    }

    /** Creation time for N tasks: measured, or scaled linearly from {@link #created}. */
    double seconds() {
        return nanos / 1e9 * requested / Math.max(1, created);
    }

    /** Memory for N tasks: measured, or scaled linearly. */
    double megabytes() {
        return bytesPerTask() * requested / (1024.0 * 1024.0);
    }

    double bytesPerTask() {
        return (double) rssBytes / Math.max(1, created);
    }

    String toJson() {
        return new JsonObject().put("kind", kind.name()).put("requested", requested).put("created", created)
                .put("nanos", nanos).put("rssBytes", rssBytes).put("stoppedBy", stoppedBy).encode();
    }

    static TaskResult parse(String line) {
        JsonObject json = new JsonObject(line);
        return new TaskResult(TaskKind.valueOf(json.getString("kind")), json.getLong("requested"),
                json.getLong("created"), json.getLong("nanos"), json.getLong("rssBytes"), json.getString("stoppedBy"));
    }
}
