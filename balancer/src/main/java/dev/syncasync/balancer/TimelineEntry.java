package dev.syncasync.balancer;

import io.vertx.core.json.JsonObject;

/**
 * What happened to one request, in wall-clock microseconds: the raw material of the waves.
 *
 * @param seq             completion order (1, 2, ...), for incremental reads
 * @param id              the request's id ({@code X-Request-Id})
 * @param method          HTTP method
 * @param uri             path and query
 * @param topology        the active pool when it was dispatched (or arrived, if never)
 * @param arrivalUs       when the balancer received it
 * @param dispatchUs      when it was sent to a worker; 0 if never
 * @param worker          the worker that answered; null if none
 * @param slot            the worker slot (thread row) it used; -1 if none
 * @param responseStartUs when the worker's response headers arrived; 0 if never
 * @param endUs           when the client got the last byte (or the request was given up)
 * @param status          HTTP status the client saw (499 = the client went away)
 * @param queueMs         time spent in the balancer's queue
 * @param attempts        dispatches, more than 1 after a retry
 * @param poolWaitMs      time the worker's request waited for a database connection ({@code X-Pool-Wait-Ms});
 *                        NaN (null in JSON) when it asked for no database work
 */
record TimelineEntry(long seq, long id, String method, String uri, String topology, long arrivalUs,
                     long dispatchUs, String worker, int slot, long responseStartUs, long endUs,
                     int status, double queueMs, int attempts, double poolWaitMs) {

    JsonObject toJson() {
        return new JsonObject()
                .put("seq", seq)
                .put("id", id)
                .put("method", method)
                .put("uri", uri)
                .put("topology", topology)
                .put("arrivalUs", arrivalUs)
                .put("dispatchUs", dispatchUs == 0 ? null : dispatchUs)
                .put("worker", worker)
                .put("slot", slot < 0 ? null : slot)
                .put("responseStartUs", responseStartUs == 0 ? null : responseStartUs)
                .put("endUs", endUs)
                .put("status", status)
                .put("queueMs", Math.round(queueMs * 1000) / 1000.0)
                .put("attempts", attempts)
                .put("poolWaitMs", Double.isNaN(poolWaitMs) ? null : Math.round(poolWaitMs * 1000) / 1000.0);
    }
}
