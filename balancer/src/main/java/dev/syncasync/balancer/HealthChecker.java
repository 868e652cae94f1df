package dev.syncasync.balancer;

import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.ConnectException;
import java.util.ArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Active health checks: every {@code health-interval-ms} each worker's {@code GET /health}.
 * 200 makes a joining or ejected worker ready; 503 means it is draining; no answer within
 * {@code health-timeout-ms}, {@code health-failures} times in a row, ejects it. Together
 * with the passive check in {@link Forwarder} (a refused connection ejects at once) a dead
 * worker stops getting requests within about {@code interval x failures + timeout}.
 * Runs on the control plane's event loop; what it reads and changes is guarded by the dispatcher's monitor.
 */
final class HealthChecker {

    private static final Logger LOG = LoggerFactory.getLogger(HealthChecker.class);

    private final Vertx vertx;
    private final HttpClientAgent client;
    private final Dispatcher dispatcher;
    private final Ejection ejection;
    private final int timeoutMs;
    private final int failuresToEject;
    private long timerId = -1;

    HealthChecker(Vertx vertx, HttpClientAgent client, Dispatcher dispatcher, Ejection ejection, int timeoutMs,
                  int failuresToEject) {
        this.vertx = vertx;
        this.client = client;
        this.dispatcher = dispatcher;
        this.ejection = ejection;
        this.timeoutMs = timeoutMs;
        this.failuresToEject = failuresToEject;
    }

    void start(int intervalMs) {
        timerId = vertx.setPeriodic(intervalMs, id -> checkAll());
    }

    void stop() {
        vertx.cancelTimer(timerId);
    }

    /** Checks one worker now: a new worker is checked at once instead of at the next tick. */
    void check(Backend backend) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost(backend.info.host())
                .setPort(backend.info.port()).setURI("/health").setTimeout(timeoutMs);
        client.request(options)
                .compose(request -> request.send())
                .compose(response -> response.body().map(body -> response.statusCode()))
                .onComplete(ar -> {
                    if (ar.succeeded()) {
                        apply(backend, ar.result(), "status " + ar.result(), false);
                    } else {
                        Throwable cause = ar.cause();
                        boolean refused = cause instanceof ConnectException
                                && !(cause instanceof ConnectTimeoutException);
                        apply(backend, 0, cause.getMessage(), refused);
                    }
                });
    }

    private void checkAll() {
        for (Backend backend : new ArrayList<>(dispatcher.backendList())) {
            check(backend);
        }
    }

    /**
     * 200 makes the worker ready, 503 draining. Anything else counts as a failed check: enough in
     * a row eject a ready worker (within its pool's share, unless it refuses connections); an
     * ejected one that has gone silent loses the requests it holds (they are retried or 504).
     */
    private void apply(Backend backend, int status, String detail, boolean refused) {
        synchronized (dispatcher) {
            if (!dispatcher.contains(backend)) {
                return;
            }
            if (status == 200 || status == 503) {
                BackendState changed = backend.checkedAlive(status == 503);
                if (changed != null) {
                    LOG.atInfo().log(() -> "worker " + backend.id() + " is " + changed.label() + " (health check: "
                            + detail + ")");
                    dispatcher.drain();
                }
                return;
            }
            if (status != 0) {
                backend.heard();
            }
            int failed = backend.checkFailed();
            if (backend.state() == BackendState.READY && failed >= failuresToEject) {
                ejection.eject(backend, failed + " health checks failed in a row (the last: " + detail + ")", refused);
            } else if (backend.state() == BackendState.EJECTED) {
                ejection.abandonIfSilent(backend);
            }
        }
    }
}
