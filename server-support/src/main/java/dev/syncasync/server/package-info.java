/**
 * What every server shares: the {@link dev.syncasync.server.WorkerServer} lifecycle, worker
 * state and its health, and the options every worker's command line has
 * ({@link dev.syncasync.server.WorkerOptions}).
 */
package dev.syncasync.server;
