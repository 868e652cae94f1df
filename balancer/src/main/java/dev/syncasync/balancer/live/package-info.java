/**
 * The live view on the balancer's admin port: a page at {@code /} that shows the queue, every
 * worker's slots and the per-request waves as they happen, fed by server-sent events, and a
 * burst control that puts the theory's prediction beside what the burst measured.
 *
 * <p>It reads the balancer only through {@link dev.syncasync.balancer.live.LiveSource}, the two
 * documents the admin API already serves ({@code GET /admin/workers} and
 * {@code GET /admin/timeline}), sampled on the balancer's control event loop at most
 * {@value dev.syncasync.balancer.live.LiveStream#TICKS_PER_SECOND} times per second and only while a
 * page is connected: nothing here runs on the path of a forwarded request.
 */
package dev.syncasync.balancer.live;
