package dev.syncasync.work;

/**
 * The 200 body of {@code /work}, identical on both workers.
 *
 * @param worker    worker id
 * @param kind      {@code sync} or {@code async}
 * @param thread    name of the thread that ran the handler
 * @param startUs   wall-clock microseconds when the worker began the request
 * @param endUs     wall-clock microseconds when it finished
 * @param ioMs      requested waiting
 * @param cpuMs     requested computation
 * @param cpuUsedUs thread CPU time the computation actually used
 * @param offload   whether the computation ran off the event loop (always false on sync)
 */
public record WorkResult(String worker, String kind, String thread, long startUs, long endUs,
                         int ioMs, int cpuMs, long cpuUsedUs, boolean offload) {

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
                .put("cpu", cpuMs)
                .putMillis("cpuUsedMs", cpuUsedUs / 1_000.0)
                .put("offload", offload)
                .toString();
    }
}
