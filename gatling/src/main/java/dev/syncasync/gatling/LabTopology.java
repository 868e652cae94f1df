package dev.syncasync.gatling;

import dev.syncasync.admin.AdminClient;
import dev.syncasync.admin.WorkerView;
import dev.syncasync.admin.WorkersView;
import java.io.IOException;
import java.util.List;

/**
 * The running lab as a simulation sees it, read once from the balancer's
 * {@code GET /admin/workers} before the first request: which pool is active, how many of its
 * workers are ready, and how many requests they can serve at once.
 *
 * @param topology   the active pool: {@code sync}, {@code async} or {@code virtual}
 * @param workers    ready workers in the active pool
 * @param slots      requests the active pool serves at once; {@link Integer#MAX_VALUE} when
 *                   unlimited (the async pool waits without holding a thread, the virtual pool
 *                   without holding a carrier)
 * @param cores      cores the lab's machine has (for CPU-bound predictions)
 * @param eventLoops event loops per async worker (for CPU-bound predictions)
 * @param syncSlots  requests the sync pool serves at once, active or not (0 if it has no
 *                   ready worker): the capacity an open-model ramp is sized against
 * @param carriers   carrier threads the virtual pool computes on, all its workers together
 *                   ({@code -Dcarriers}; default {@code cores}: the JDK's scheduler runs one per
 *                   core and every virtual worker of one JVM shares them, as in ./lab up and the demo)
 */
record LabTopology(String topology, int workers, int slots, int cores, int eventLoops, int syncSlots, int carriers) {

    /**
     * Reads the topology; when the active pool has no ready worker yet, asks again for up to
     * 15 s (a worker the previous run kept busy may be re-admitted by the balancer's next
     * health check) before it gives up.
     */
    static LabTopology fetch(String adminUrl, int cores, int eventLoops) {
        return fetch(adminUrl, cores, eventLoops, cores);
    }

    /** {@link #fetch(String, int, int)} with the virtual pool's carriers given. */
    static LabTopology fetch(String adminUrl, int cores, int eventLoops, int carriers) {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(15).toNanos();
        while (true) {
            try {
                return of(new AdminClient(adminUrl).workers(), cores, eventLoops, carriers);
            } catch (IOException e) {
                throw new IllegalStateException(e.getMessage().replace("point the admin URL", "point -DadminUrl"), e);
            } catch (IllegalStateException noReadyWorker) {
                if (System.nanoTime() > deadline) {
                    throw noReadyWorker;
                }
                java.util.concurrent.locks.LockSupport.parkNanos(200_000_000L);
            }
        }
    }

    static LabTopology parse(String json, int cores, int eventLoops) {
        try {
            return of(AdminClient.parse(json), cores, eventLoops, cores);
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    static LabTopology of(WorkersView view, int cores, int eventLoops, int carriers) {
        String topology = view.topology();
        List<WorkerView> active = view.workers().stream().filter(w -> w.ready() && w.active()).toList();
        if (active.isEmpty()) {
            throw new IllegalStateException("the " + topology + " pool has no ready worker: nothing to measure");
        }
        long slots = active.stream().mapToLong(WorkerView::slots).sum();
        int syncSlots = view.ready("sync").stream().mapToInt(WorkerView::slots).sum();
        return new LabTopology(topology, active.size(), (int) Math.min(slots, Integer.MAX_VALUE), cores, eventLoops,
                syncSlots == 0 ? 4 : syncSlots, carriers);
    }

    /** Slots that {@code n} requests at once actually get: all of them on an unlimited pool. */
    int slotsFor(int n) {
        return Math.min(n, slots);
    }

    /**
     * Threads that can compute at once: the sync pool's threads, the async pool's event loops, or
     * the virtual pool's carriers (a virtual thread computes on a carrier and is not preempted, so
     * its requests queue for the carriers as an event loop's do; at most its slots when capped).
     */
    int computeThreads() {
        if (isVirtual()) {
            return Math.min(slots, carriers);
        }
        return unlimited() ? workers * eventLoops : slots;
    }

    boolean isAsync() {
        return topology.equals("async");
    }

    boolean isVirtual() {
        return topology.equals("virtual");
    }

    /** Whether the active pool takes any number of requests at once: nobody waits for a slot. */
    boolean unlimited() {
        return slots == Integer.MAX_VALUE;
    }

    String describe() {
        return topology + " pool: " + workers + " ready worker" + (workers == 1 ? "" : "s") + ", "
                + (slots == Integer.MAX_VALUE ? "no limit on requests at once" : slots + " at once");
    }
}
