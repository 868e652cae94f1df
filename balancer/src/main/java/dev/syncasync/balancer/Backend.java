package dev.syncasync.balancer;

import dev.syncasync.server.WorkerInfo;
import java.util.BitSet;

/**
 * One worker as the balancer tracks it: its state, its in-flight limit and which of its
 * slots are busy (a slot is a thread on a sync worker; the timeline draws one row per slot).
 * Confined to the balancer's event loop.
 */
final class Backend {

    final WorkerInfo info;
    final int limit;
    private final BitSet slots = new BitSet();
    private BackendState state;
    private int inFlight;
    private long served;
    private long failures;
    /** Health checks failed in a row. */
    private int failedChecks;
    /** The worker itself said it is draining (registry entry or a 503 from /health). */
    private boolean draining;

    Backend(WorkerInfo info, int limit, BackendState state) {
        this.info = info;
        this.limit = limit;
        this.state = state;
    }

    String id() {
        return info.id();
    }

    boolean hasFreeSlot() {
        return state == BackendState.READY && inFlight < limit;
    }

    /** Takes the lowest free slot, so a worker's requests stack on the same rows of the timeline. */
    int acquire() {
        int slot = slots.nextClearBit(0);
        slots.set(slot);
        inFlight++;
        return slot;
    }

    void release(int slot, boolean ok) {
        slots.clear(slot);
        inFlight--;
        if (ok) {
            served++;
        }
    }

    void failed() {
        failures++;
    }

    int inFlight() {
        return inFlight;
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
    }

    /** Records a health check: returns the new state if it changed, else null. */
    BackendState checked(boolean healthy, boolean saysDraining, int failuresToEject) {
        failedChecks = healthy || saysDraining ? 0 : failedChecks + 1;
        BackendState next = state;
        if (saysDraining || draining) {
            next = BackendState.DRAINING;
        } else if (healthy) {
            next = BackendState.READY;
        } else if (failedChecks >= failuresToEject && state != BackendState.JOINING) {
            next = BackendState.EJECTED;
        }
        if (next == state) {
            return null;
        }
        state = next;
        return next;
    }

    /** The worker announced a graceful stop: nothing new goes to it. */
    void draining() {
        draining = true;
        state = BackendState.DRAINING;
    }
}
