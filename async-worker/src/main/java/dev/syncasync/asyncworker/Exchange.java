package dev.syncasync.asyncworker;

import io.vertx.core.Future;

/**
 * One request and its answer, as the routes see it, whichever server received it: Vert.x's
 * HTTP server (HTTP/1.1 and h2c on the worker's port) or the h2c listener for the balancer
 * ({@link H2cServer}). Used on the event loop that received the request only.
 */
interface Exchange {

    /** The request method, such as {@code GET}. */
    String method();

    /** The path, without the query. */
    String path();

    /** The raw query (after {@code ?}), or null when there is none. */
    String query();

    /** Adds a header to the answer; call it before {@link #end}. */
    Exchange header(String name, String value);

    /**
     * Sends the answer with {@code body} as its whole content.
     *
     * @return completes once the answer is written, or has failed to be (the client went away)
     */
    Future<Void> end(int status, String contentType, String body);
}
