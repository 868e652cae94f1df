package dev.syncasync.balancer;

/**
 * Takes a request the {@link Dispatcher} gave a worker to that worker, and its answer back.
 * Each try is an {@link Attempt}, settled exactly once. What happens when a try goes wrong:
 * <ul>
 *   <li>nothing was sent (no connection): another worker may take it safely; a refused
 *       connection ejects the worker at once (nothing listens there), a connect timeout counts
 *       as one failure (one slow connect is not a dead worker);</li>
 *   <li>sent, then the connection failed, or no answer came within the request's own
 *       {@code io + cpu} plus {@code response-timeout-ms}, or the worker was ejected while
 *       silent: a GET is retried once on another worker (safe to repeat); anything else, or a
 *       GET with no other worker, gets a 504 for a timeout or ejection, a 502 for a failure.</li>
 * </ul>
 * One implementation per data plane: {@link VertxForwarder}, {@link NettyForwarder}.
 */
interface Forwarder {

    /** Sends {@code p} to {@code backend}; called under the dispatcher's monitor, must not block. */
    void forward(Pending p, Backend backend);

    /** The worker was ejected while silent: stop waiting for it (under the dispatcher's monitor). */
    void abandon(Attempt attempt);
}
