package dev.syncasync.work;

/** Header names shared by the workers, the balancer and the clients. */
public final class LabHeaders {

    /** Which worker served the response. */
    public static final String WORKER_ID = "X-Worker-Id";
    /** Milliseconds (three decimals) the request waited in the balancer's queue. */
    public static final String QUEUE_MS = "X-Queue-Ms";
    /**
     * Milliseconds (three decimals) a {@code db} request waited for a connection of the worker's
     * pool; absent when it asked for no database work.
     */
    public static final String POOL_WAIT_MS = "X-Pool-Wait-Ms";
    /** The balancer's id for the request, as in the timeline. */
    public static final String REQUEST_ID = "X-Request-Id";

    private LabHeaders() {
    }
}
