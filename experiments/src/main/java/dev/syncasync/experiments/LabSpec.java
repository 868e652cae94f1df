package dev.syncasync.experiments;

/**
 * One lab to create: the balancer routing to {@code workers} containers of one kind.
 *
 * @param topology   sync or async: the kind of worker containers and the balancer's active pool
 * @param workers    how many worker containers
 * @param threads    sync.threads of each sync worker, or async.event-loops of each async worker
 * @param workerMemoryMb the memory limit of each worker container (compose gives them 384)
 */
record LabSpec(String topology, int workers, int threads, int workerMemoryMb) {

    LabSpec {
        if (!topology.equals("sync") && !topology.equals("async")) {
            throw new IllegalArgumentException("topology must be sync or async, got " + topology);
        }
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1, got " + workers);
        }
    }

    /** The worker image's module: sync-worker or async-worker. */
    String workerModule() {
        return topology + "-worker";
    }

    /** The environment variable of the per-worker concurrency in the lab's config. */
    String threadsVariable() {
        return topology.equals("sync") ? "LAB_SYNC_THREADS" : "LAB_ASYNC_EVENT_LOOPS";
    }

    @Override
    public String toString() {
        return topology + " x" + workers;
    }
}
