/**
 * The balancer: a Vert.x reverse proxy that owns one FIFO queue in front of the active
 * worker pool. Everything here runs on the balancer's single event loop, so the queue, the
 * per-worker in-flight counts and the timeline need no locks; {@link dev.syncasync.balancer.Balancer}
 * is the only type other threads call, and it hops onto that loop.
 */
package dev.syncasync.balancer;
