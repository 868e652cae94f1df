package dev.syncasync.admin;

/**
 * One worker as {@code GET /admin/workers} lists it.
 *
 * @param id            its registry id
 * @param kind          {@code sync}, {@code async} or {@code virtual}
 * @param address       {@code host:port} the balancer forwards to
 * @param state         {@code joining}, {@code ready}, {@code draining} or {@code ejected}
 * @param active        whether it belongs to the pool the balancer routes to now
 * @param capacity      requests it serves at once; {@link #UNLIMITED} for an event-loop worker
 * @param inFlightLimit requests the balancer sends it at once
 * @param inFlight      requests it serves now
 * @param served        requests it has answered
 * @param failures      failed health checks or connections in a row
 */
public record WorkerView(String id, String kind, String address, String state, boolean active, int capacity,
                         int inFlightLimit, int inFlight, long served, int failures) {

    /** The capacity of a worker with no limit on requests at once (the admin API says {@code null}). */
    public static final int UNLIMITED = Integer.MAX_VALUE;

    /** Whether it takes traffic when its pool is active. */
    public boolean ready() {
        return state.equals("ready");
    }

    /**
     * Requests it serves at once, as the theory counts them: its capacity capped by the
     * balancer's in-flight limit, or {@link #UNLIMITED} for a worker without a capacity (an
     * event loop waits without holding a thread; its limit only bounds connections).
     */
    public int slots() {
        return capacity == UNLIMITED ? UNLIMITED : Math.min(capacity, inFlightLimit);
    }
}
