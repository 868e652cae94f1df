/**
 * The sync worker: an Undertow server whose {@code /work} runs on a fixed pool of blocking
 * threads, like a gunicorn sync worker. With {@code k} threads it serves {@code k} requests at
 * once; the next one waits in the pool's queue for a thread to free.
 *
 * <p>{@link dev.syncasync.syncworker.VirtualWorker} is the same server and handler with each
 * request on a new virtual thread instead (the virtual pool; {@code sync-worker --virtual}).
 *
 * <p>{@link dev.syncasync.syncworker.SyncWorker} is the server, {@code SyncRoutes} the routing
 * (and the one place the threading decision is made), {@link dev.syncasync.syncworker.SyncWorkerMain}
 * the command line.
 */
package dev.syncasync.syncworker;
