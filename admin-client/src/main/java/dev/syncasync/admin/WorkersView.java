package dev.syncasync.admin;

import java.util.List;

/**
 * The balancer's view of the lab at one moment, as {@code GET /admin/workers} answers it.
 *
 * @param topology the active pool
 * @param waiting  requests waiting in the balancer's queue
 * @param maxQueue the most that may wait ({@code balancer.max-queue})
 * @param inFlight requests forwarded and not yet answered
 * @param workers  every worker of every pool, in the balancer's order
 */
public record WorkersView(String topology, int waiting, int maxQueue, int inFlight, List<WorkerView> workers) {

    public WorkersView {
        workers = List.copyOf(workers);
    }

    /** The workers of {@code kind} ({@code sync}, {@code async}). */
    public List<WorkerView> ofKind(String kind) {
        return workers.stream().filter(w -> w.kind().equals(kind)).toList();
    }

    /** The ready workers of {@code kind}. */
    public List<WorkerView> ready(String kind) {
        return workers.stream().filter(w -> w.kind().equals(kind) && w.ready()).toList();
    }

    /** The worker with this id, if the balancer lists it. */
    public java.util.Optional<WorkerView> worker(String id) {
        return workers.stream().filter(w -> w.id().equals(id)).findFirst();
    }
}
