package dev.syncasync.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The load generator's HTTP client: its own Vertx with exactly one event loop and a keep-alive
 * pool per target. One thread is the cheapest client that can keep a one-event-loop server
 * busy; on a 2-core machine every thread it adds is taken from the servers it measures.
 * {@link #get} must be called on {@link #context()}.
 */
public final class LoadClient implements AutoCloseable {

    /** A request unanswered this long fails: no phase can hang on a dead server. */
    static final long REQUEST_TIMEOUT_MS = 5_000;

    private final Vertx vertx;
    private final Context context;
    private final HttpClientAgent http;
    private final long threadId;

    private LoadClient(Vertx vertx, Context context, HttpClientAgent http, long threadId) {
        this.vertx = vertx;
        this.context = context;
        this.http = http;
        this.threadId = threadId;
    }

    /** A client whose pool keeps up to {@code connections} connections per target. */
    public static LoadClient start(int connections) {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        HttpClientAgent http = vertx.createHttpClient(
                new HttpClientOptions().setKeepAlive(true).setConnectTimeout((int) REQUEST_TIMEOUT_MS),
                new PoolOptions().setHttp1MaxSize(connections));
        Context context = vertx.getOrCreateContext();
        CompletableFuture<Long> thread = new CompletableFuture<>();
        context.runOnContext(v -> thread.complete(Thread.currentThread().threadId()));
        return new LoadClient(vertx, context, http, thread.orTimeout(10, TimeUnit.SECONDS).join());
    }

    /** Id of the client's one event-loop thread. */
    public long threadId() {
        return threadId;
    }

    /** The event loop every request is sent from and every answer arrives on. */
    public Context context() {
        return context;
    }

    /** Sends one {@code GET} and completes with the status once the whole body has arrived. */
    public Future<Integer> get(Target target) {
        RequestOptions options = new RequestOptions()
                .setHost(target.host())
                .setPort(target.port())
                .setURI(target.uri())
                .setIdleTimeout(REQUEST_TIMEOUT_MS);
        return http.request(options)
                .compose(request -> request.send())
                .compose(LoadClient::status);
    }

    private static Future<Integer> status(HttpClientResponse response) {
        return response.body().map(body -> response.statusCode());
    }

    @Override
    public void close() {
        try {
            http.close().await(REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // Closing is best effort: the Vertx below takes the connections down anyway.
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
        }
    }
}
