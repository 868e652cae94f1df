package dev.syncasync.bench;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The closed model: {@code connections} users, each sending its next request the moment its
 * previous one is answered, for a fixed time. The path is never idle, so the rate it reaches is
 * the path's maximum; its latencies are not reported, because in a closed loop a slow answer
 * also delays the next send and so hides itself (the open loop measures latency).
 */
final class ClosedLoop {

    /** A cap on top of the deadline, so the loop stops by itself even if the clock misbehaves. */
    static final long MAX_REQUESTS_PER_SECOND = 1_000_000;

    private final LoadClient client;
    private final Target target;
    private final long deadlineNanos;
    private final long maxRequests;
    private final long startNanos = System.nanoTime();
    private final CompletableFuture<Result> done = new CompletableFuture<>();
    private long ok;
    private long errors;
    private int users;

    private ClosedLoop(LoadClient client, Target target, Duration duration) {
        this.client = client;
        this.target = target;
        this.deadlineNanos = startNanos + duration.toNanos();
        this.maxRequests = Math.max(1, duration.toSeconds()) * MAX_REQUESTS_PER_SECOND;
    }

    /** Runs the loop for {@code duration} and returns once the last user's answer is in. */
    static Result run(LoadClient client, Target target, int connections, Duration duration)
            throws InterruptedException {
        ClosedLoop loop = new ClosedLoop(client, target, duration);
        client.context().runOnContext(v -> loop.start(connections));
        Duration limit = duration.plusMillis(LoadClient.REQUEST_TIMEOUT_MS).plusSeconds(5);
        try {
            return loop.done.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("closed loop against " + target.url() + " did not finish: " + e, e);
        }
    }

    private void start(int connections) {
        users = connections;
        for (int i = 0; i < connections; i++) {
            next();
        }
    }

    /** One user's step, always on the client's event loop: send again, or stop. */
    private void next() {
        if (System.nanoTime() >= deadlineNanos || ok + errors >= maxRequests) {
            if (--users == 0) {
                done.complete(new Result(ok, errors, System.nanoTime() - startNanos));
            }
            return;
        }
        client.get(target).onComplete(ar -> {
            if (ar.succeeded() && ar.result() == 200) {
                ok++;
                next();
            } else {
                errors++;
                // A failure may complete at once; hop so a dead server cannot grow the stack.
                client.context().runOnContext(v -> next());
            }
        });
    }

    /**
     * What one closed-loop phase did.
     *
     * @param ok           answers with status 200
     * @param errors       failures and other statuses
     * @param elapsedNanos from the first send to the last answer
     */
    record Result(long ok, long errors, long elapsedNanos) {

        double perSecond() {
            return ok * 1e9 / elapsedNanos;
        }
    }
}
