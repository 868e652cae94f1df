package dev.syncasync.bench;

import io.vertx.core.AsyncResult;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * The open model: requests leave on a fixed {@link RateSchedule} whatever the answers do, and
 * each latency runs from the request's intended send time to the last byte of its answer.
 *
 * <p>Pacing happens on the calling thread, not on the client's event loop: Vert.x timers tick
 * in whole milliseconds (the NIO selector's resolution), far coarser than the ~0.1-0.2 ms
 * between two sends. The caller parks until the next send is due and then hands every due
 * request to the event loop in one task; when the caller wakes up late, the requests it owes
 * go out at once and carry their lateness in their latency, as a real client's users would.
 */
final class OpenLoop {

    /** The first request is due this long after the call, so the start needs no catch-up. */
    private static final long LEAD_NANOS = 1_000_000;

    private final LoadClient client;
    private final Target target;
    private final RateSchedule schedule;
    private final long startNanos;
    private final CompletableFuture<Void> allAnswered = new CompletableFuture<>();
    // Below: touched on the client's event loop only.
    private final Latencies latencies;
    private final Latencies sendLag;
    private int answered;
    private long errors;
    private boolean closed;

    private OpenLoop(LoadClient client, Target target, RateSchedule schedule) {
        this.client = client;
        this.target = target;
        this.schedule = schedule;
        this.latencies = new Latencies(schedule.count());
        this.sendLag = new Latencies(schedule.count());
        this.startNanos = System.nanoTime() + LEAD_NANOS;
    }

    /** Sends the whole schedule, waits for the answers (bounded), and returns what it saw. */
    static Result run(LoadClient client, Target target, RateSchedule schedule) throws InterruptedException {
        OpenLoop loop = new OpenLoop(client, target, schedule);
        loop.pace();
        try {
            loop.allAnswered.get(LoadClient.REQUEST_TIMEOUT_MS + 5_000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // Requests still missing are counted as errors by finish().
        }
        return loop.finish();
    }

    /** On the calling thread: hands each request to the event loop once its time has come. */
    private void pace() throws InterruptedException {
        int sent = 0;
        while (sent < schedule.count()) {
            long now = System.nanoTime();
            int due = schedule.dueBy(now - startNanos);
            if (due > sent) {
                int from = sent;
                client.context().runOnContext(v -> send(from, due));
                sent = due;
            } else {
                LockSupport.parkNanos(startNanos + schedule.offsetNanos(sent) - now);
                if (Thread.interrupted()) {
                    throw new InterruptedException("open loop against " + target.url() + " interrupted");
                }
            }
        }
    }

    private void send(int from, int to) {
        for (int i = from; i < to; i++) {
            long intended = startNanos + schedule.offsetNanos(i);
            // How late the client itself is: if this grows, the generator, not the path, is slow.
            sendLag.record((System.nanoTime() - intended) / 1_000);
            client.get(target).onComplete(ar -> answered(intended, ar));
        }
    }

    private void answered(long intendedNanos, AsyncResult<Integer> ar) {
        if (closed) {
            return;
        }
        if (ar.succeeded() && ar.result() == 200) {
            latencies.record((System.nanoTime() - intendedNanos) / 1_000);
        } else {
            errors++;
        }
        if (++answered == schedule.count()) {
            allAnswered.complete(null);
        }
    }

    /** Closes the books on the event loop, so a late answer cannot race the caller's reading. */
    private Result finish() throws InterruptedException {
        CompletableFuture<Result> result = new CompletableFuture<>();
        client.context().runOnContext(v -> {
            closed = true;
            long missing = schedule.count() - answered;
            result.complete(new Result(latencies, sendLag, errors + missing, schedule.ratePerSecond()));
        });
        try {
            return result.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the load client's event loop did not answer: " + e, e);
        }
    }

    /**
     * What one open-loop phase saw.
     *
     * @param latencies intended send time to last byte, of the answers with status 200
     * @param sendLag   intended send time to the moment the client's event loop sent it
     * @param errors    failures, other statuses and answers that never came
     * @param rate      the rate really scheduled, requests/s
     */
    record Result(Latencies latencies, Latencies sendLag, long errors, double rate) {
    }
}
