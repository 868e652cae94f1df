package dev.syncasync.experiments;

/**
 * One lab to create: the balancer routing to {@code workers} containers of one kind, and, when
 * {@code dbPoolSize > 0}, a PostgreSQL container on the lab's network behind every worker's pool.
 *
 * @param topology   sync, async or virtual: the kind of worker containers and the balancer's active pool
 * @param workers    how many worker containers
 * @param threads    sync.threads of each sync worker, async.event-loops of each async worker, or
 *                   virtual.max-concurrent of each virtual worker (0 = no limit)
 * @param workerMemoryMb the memory limit of each worker container (compose gives them 384)
 * @param dbPoolSize db.pool-size of each worker: its connections to the lab's database; 0 = the lab
 *                   has no database (the sweeps and chaos runs that send no {@code db} request)
 */
record LabSpec(String topology, int workers, int threads, int workerMemoryMb, int dbPoolSize) {

    LabSpec {
        if (!topology.equals("sync") && !topology.equals("async") && !topology.equals("virtual")) {
            throw new IllegalArgumentException("topology must be sync, async or virtual, got " + topology);
        }
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1, got " + workers);
        }
        if (dbPoolSize < 0) {
            throw new IllegalArgumentException("dbPoolSize must be >= 0, got " + dbPoolSize);
        }
    }

    /** A lab without a database. */
    LabSpec(String topology, int workers, int threads, int workerMemoryMb) {
        this(topology, workers, threads, workerMemoryMb, 0);
    }

    /** A copy whose workers each hold {@code poolSize} connections to the lab's own database. */
    LabSpec withDatabase(int poolSize) {
        return new LabSpec(topology, workers, threads, workerMemoryMb, poolSize);
    }

    /** Whether the lab starts a PostgreSQL container. */
    boolean hasDatabase() {
        return dbPoolSize > 0;
    }

    /**
     * The worker image's module: sync-worker or async-worker. The virtual pool runs the sync
     * worker's image with {@code --virtual}, as docker-compose.yml's virtual-worker service does.
     */
    String workerModule() {
        return topology.equals("async") ? "async-worker" : "sync-worker";
    }

    /** The worker containers' role and name stem: sync-worker, async-worker or virtual-worker. */
    String workerRole() {
        return topology + "-worker";
    }

    /** The environment variable of the per-worker concurrency in the lab's config. */
    String threadsVariable() {
        return switch (topology) {
            case "sync" -> "LAB_SYNC_THREADS";
            case "async" -> "LAB_ASYNC_EVENT_LOOPS";
            default -> "LAB_VIRTUAL_MAX_CONCURRENT";
        };
    }

    /** The worker's command line: the sync worker's image takes {@code --virtual} for the virtual pool. */
    java.util.List<String> workerCommand(String join) {
        java.util.List<String> args = new java.util.ArrayList<>();
        if (topology.equals("virtual")) {
            args.add("--virtual");
        }
        args.addAll(java.util.List.of("--config", "/config/topology.yml", "--join", join));
        return args;
    }

    /**
     * Requests of the whole pool in the database at once, P: per worker the smaller of its slots
     * and its connections (a sync worker's threads, a virtual worker's max-concurrent when set;
     * an async worker holds no thread while it waits). 0 without a database.
     */
    int connections() {
        if (!hasDatabase()) {
            return 0;
        }
        boolean limited = topology.equals("sync") || (topology.equals("virtual") && threads > 0);
        return workers * (limited ? Math.min(threads, dbPoolSize) : dbPoolSize);
    }

    @Override
    public String toString() {
        return topology + " x" + workers + (hasDatabase() ? " pool " + dbPoolSize : "");
    }
}
