package dev.syncasync.balancer;

import dev.syncasync.server.WorkerInfo;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One worker as the balancer tracks it: its state, its in-flight limit, which of its slots are
 * busy (a slot is a thread on a sync worker; the timeline draws one row per slot), the attempts
 * it holds, and the evidence for ejecting it: failures in a row, and when it last answered
 * anything at all. Confined to the balancer's event loop.
 */
final class Backend {

    final WorkerInfo info;
    final int limit;
    private final BitSet slots = new BitSet();
    private final Set<Attempt> attempts = new LinkedHashSet<>();
    private BackendState state;
    private long served;
    private long failures;
    /** Requests that failed here in a row (connect timeout, reset, response timeout); an answer resets it. */
    private int failedInARow;
    /** Health checks failed in a row. */
    private int failedChecks;
    /** When it last answered anything (a response to a request, a health check): silence tells dead from busy. */
    private long lastAnswerNanos = System.nanoTime();
    /** The worker itself said it is draining (registry entry or a 503 from /health). */
    private boolean draining;
    /** It failed enough to be ejected but its pool needed it; said once in the log, not at every failure. */
    private boolean keptSaid;

    Backend(WorkerInfo info, int limit, BackendState state) {
        this.info = info;
        this.limit = limit;
        this.state = state;
    }

    String id() {
        return info.id();
    }

    boolean hasFreeSlot() {
        return state == BackendState.READY && attempts.size() < limit;
    }

    /** Takes the lowest free slot for {@code p}, so a worker's requests stack on the same rows of the timeline. */
    Attempt acquire(Pending p) {
        int slot = slots.nextClearBit(0);
        slots.set(slot);
        Attempt attempt = new Attempt(p, this, slot);
        attempts.add(attempt);
        return attempt;
    }

    void release(Attempt attempt, boolean ok) {
        if (attempts.remove(attempt)) {
            slots.clear(attempt.slot);
            if (ok) {
                served++;
            }
        }
    }

    /** The attempts it holds now, oldest first, as a copy (giving one up changes the set). */
    List<Attempt> attempts() {
        return new ArrayList<>(attempts);
    }

    /** An answer to a request arrived: it is alive, and the requests it failed are no longer "in a row". */
    void answered() {
        heard();
        failedInARow = 0;
        keptSaid = false;
    }

    /** Something came from it (an answer of any status, to a request or a health check): it is not silent. */
    void heard() {
        lastAnswerNanos = System.nanoTime();
    }

    /** A request failed here; returns how many failed in a row. */
    int failed() {
        failures++;
        return ++failedInARow;
    }

    /** Nothing at all came from it for {@code nanos}: paused, hung or gone, not merely busy. */
    boolean silentFor(long nanos) {
        return System.nanoTime() - lastAnswerNanos >= nanos;
    }

    int inFlight() {
        return attempts.size();
    }

    long served() {
        return served;
    }

    long failures() {
        return failures;
    }

    BackendState state() {
        return state;
    }

    void state(BackendState newState) {
        this.state = newState;
        keptSaid = false;
    }

    /** True the first time it is kept despite its failures since it last changed state or recovered. */
    boolean firstTimeKept() {
        boolean first = !keptSaid;
        keptSaid = true;
        return first;
    }

    /** A health check answered 200 or 503 (draining): returns the new state if it changed, else null. */
    BackendState checkedAlive(boolean saysDraining) {
        heard();
        failedChecks = 0;
        keptSaid = false;
        BackendState next = saysDraining || draining ? BackendState.DRAINING : BackendState.READY;
        if (next == state) {
            return null;
        }
        state(next);
        return next;
    }

    /** A health check failed (no answer in time, refused, another status); returns how many in a row. */
    int checkFailed() {
        return ++failedChecks;
    }

    /** The worker announced a graceful stop: nothing new goes to it. */
    void draining() {
        draining = true;
        state(BackendState.DRAINING);
    }
}
