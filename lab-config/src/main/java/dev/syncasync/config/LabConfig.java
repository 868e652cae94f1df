package dev.syncasync.config;

/**
 * A whole topology file, such as {@code config/topology.yml}: which pool is active, the
 * balancer, and the three pools.
 *
 * @param topology the pool the balancer routes to
 * @param balancer the balancer's section
 * @param sync     the blocking pool
 * @param async    the event-loop pool
 * @param virtual  the blocking workers with a virtual thread per request
 * @param registry the Hazelcast registry of workers and topology
 * @param db       the database behind {@code db=<ms>} and each worker's pool of connections to it
 */
public record LabConfig(Topology topology, BalancerConfig balancer, SyncPoolConfig sync, AsyncPoolConfig async,
                        VirtualPoolConfig virtual, RegistryConfig registry, DatabaseConfig db) {

    /** Everything at its default: the sync topology, 4 workers x 1 thread. */
    public static LabConfig defaults() {
        return new LabConfig(Topology.SYNC, BalancerConfig.defaults(), SyncPoolConfig.defaults(),
                AsyncPoolConfig.defaults(), VirtualPoolConfig.defaults(), RegistryConfig.defaults(),
                DatabaseConfig.defaults());
    }

    static LabConfig read(Section root) {
        LabConfig d = defaults();
        LabConfig c = new LabConfig(
                root.choice("topology", d.topology, Topology.BY_NAME),
                BalancerConfig.read(root.section("balancer")),
                SyncPoolConfig.read(root.section("sync")),
                AsyncPoolConfig.read(root.section("async")),
                VirtualPoolConfig.read(root.section("virtual")),
                RegistryConfig.read(root.section("registry")),
                DatabaseConfig.read(root.section("db")));
        root.rejectUnknownKeys();
        return c;
    }

    /** Number of workers configured for the active pool. */
    public int activeWorkers() {
        return switch (topology) {
            case SYNC -> sync.workers() + sync.addresses().size();
            case ASYNC -> async.workers() + async.addresses().size();
            case VIRTUAL -> virtual.workers() + virtual.addresses().size();
        };
    }

    public LabConfig withTopology(Topology t) {
        return new LabConfig(t, balancer, sync, async, virtual, registry, db);
    }

    public LabConfig withBalancer(BalancerConfig b) {
        return new LabConfig(topology, b, sync, async, virtual, registry, db);
    }

    public LabConfig withSync(SyncPoolConfig s) {
        return new LabConfig(topology, balancer, s, async, virtual, registry, db);
    }

    public LabConfig withAsync(AsyncPoolConfig a) {
        return new LabConfig(topology, balancer, sync, a, virtual, registry, db);
    }

    public LabConfig withRegistry(RegistryConfig r) {
        return new LabConfig(topology, balancer, sync, async, virtual, r, db);
    }

    public LabConfig withVirtual(VirtualPoolConfig v) {
        return new LabConfig(topology, balancer, sync, async, v, registry, db);
    }

    public LabConfig withDb(DatabaseConfig d) {
        return new LabConfig(topology, balancer, sync, async, virtual, registry, d);
    }
}
