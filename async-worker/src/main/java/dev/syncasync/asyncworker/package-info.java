/**
 * The async worker: a Vert.x server with one event loop per CPU, like an asyncio server.
 * {@code io} waits on a timer and never holds a thread; {@code cpu} runs on the event loop
 * and blocks it, on purpose, unless the request (or the config) asks to offload it to the
 * worker pool.
 *
 * <p>{@link dev.syncasync.asyncworker.AsyncWorker} is the server, {@code AsyncRoutes} the
 * routing (and the one place the threading decision is made) for both of its listeners: Vert.x's
 * HTTP server on its port, and {@code H2cServer}, the h2c listener the balancer multiplexes its
 * requests on (Netty's HTTP/2 codec on the same event loops, a small state per stream),
 * {@link dev.syncasync.asyncworker.AsyncWorkerMain} the command line.
 */
package dev.syncasync.asyncworker;
