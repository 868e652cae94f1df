/**
 * What every server shares: the {@link dev.syncasync.server.WorkerServer} lifecycle,
 * worker state and registry entries, command-line options and the thin-{@code Main} wrapper.
 */
package dev.syncasync.server;
