package dev.syncasync.work;

/**
 * The 200 body of {@code /work}, identical on every worker.
 *
 * @param worker     worker id
 * @param kind       {@code sync}, {@code async} or {@code virtual}
 * @param thread     name of the thread that ran the handler
 * @param startUs    wall-clock microseconds when the worker began the request
 * @param endUs      wall-clock microseconds when it finished
 * @param ioMs       requested waiting
 * @param cpuMs      requested computation
 * @param cpuUsedUs  thread CPU time the computation actually used
 * @param offload    whether the computation ran off the event loop (always false on sync)
 * @param db         the database part: requested sleep, time waiting for a connection, time in the query
 */
public record WorkResult(String worker, String kind, String thread, long startUs, long endUs,
                         int ioMs, int cpuMs, long cpuUsedUs, boolean offload, DbTime db) {

    /** A result without database work. */
    public WorkResult(String worker, String kind, String thread, long startUs, long endUs,
                      int ioMs, int cpuMs, long cpuUsedUs, boolean offload) {
        this(worker, kind, thread, startUs, endUs, ioMs, cpuMs, cpuUsedUs, offload, DbTime.NONE);
    }

    /** Service time in milliseconds: end minus start. */
    public double serviceMs() {
        return (endUs - startUs) / 1_000.0;
    }

    public String toJson() {
        return Json.object()
                .put("worker", worker)
                .put("kind", kind)
                .put("thread", thread)
                .put("startUs", startUs)
                .put("endUs", endUs)
                .putMillis("serviceMs", serviceMs())
                .put("io", ioMs)
                .put("db", db.dbMs())
                .putMillis("poolWaitMs", db.poolWaitUs() / 1_000.0)
                .putMillis("dbQueryMs", db.queryUs() / 1_000.0)
                .put("cpu", cpuMs)
                .putMillis("cpuUsedMs", cpuUsedUs / 1_000.0)
                .put("offload", offload)
                .toString();
    }

    /**
     * Where a {@code db} request's database time went.
     *
     * @param dbMs       requested {@code pg_sleep}, in milliseconds
     * @param poolWaitUs microseconds spent waiting for a connection of the worker's pool
     * @param queryUs    microseconds from holding the connection to the query's answer
     */
    public record DbTime(int dbMs, long poolWaitUs, long queryUs) {

        /** No database work. */
        public static final DbTime NONE = new DbTime(0, 0, 0);

        /** The pool wait as the {@code X-Pool-Wait-Ms} header writes it. */
        public String poolWaitHeader() {
            return Millis.format(poolWaitUs / 1_000.0);
        }
    }
}
