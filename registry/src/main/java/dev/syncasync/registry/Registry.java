package dev.syncasync.registry;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryEvictedListener;
import com.hazelcast.map.listener.EntryExpiredListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import dev.syncasync.config.Topology;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * The balancer's view of the registry: the workers map and the active topology. Listener
 * callbacks run on Hazelcast's event threads; the caller hops to its own thread.
 */
public final class Registry {

    static final String WORKERS = "lab.workers";
    static final String TOPOLOGY = "lab.topology";
    private static final String ACTIVE = "active";

    private final IMap<String, WorkerEntry> workers;
    private final IMap<String, String> topology;

    public Registry(HazelcastInstance hazelcast) {
        this.workers = workers(hazelcast);
        this.topology = hazelcast.getMap(TOPOLOGY);
    }

    static IMap<String, WorkerEntry> workers(HazelcastInstance hazelcast) {
        return hazelcast.getMap(WORKERS);
    }

    /** Calls {@code upserted} for every entry now and for every write from now on, {@code removed} when one goes. */
    public void followWorkers(Consumer<WorkerEntry> upserted, Consumer<String> removed) {
        workers.addEntryListener(new WorkerListener(upserted, removed), true);
        workers.values().forEach(upserted);
    }

    /** The active topology, if one was set. */
    public Optional<Topology> topology() {
        return Optional.ofNullable(topology.get(ACTIVE)).map(Topology.BY_NAME::get);
    }

    /** Makes {@code active} the topology of every balancer following this registry. */
    public CompletionStage<Void> topology(Topology active) {
        return topology.setAsync(ACTIVE, active.label());
    }

    /** Calls {@code changed} with every new value of the active topology. */
    public void followTopology(Consumer<Topology> changed) {
        topology.addEntryListener(new TopologyListener(changed), ACTIVE, true);
    }

    private record TopologyListener(Consumer<Topology> changed)
            implements EntryAddedListener<String, String>, EntryUpdatedListener<String, String> {

        @Override
        public void entryAdded(EntryEvent<String, String> event) {
            apply(event.getValue());
        }

        @Override
        public void entryUpdated(EntryEvent<String, String> event) {
            apply(event.getValue());
        }

        private void apply(String value) {
            Topology t = Topology.BY_NAME.get(value);
            if (t != null) {
                changed.accept(t);
            }
        }
    }

    private record WorkerListener(Consumer<WorkerEntry> upserted, Consumer<String> removed)
            implements EntryAddedListener<String, WorkerEntry>, EntryUpdatedListener<String, WorkerEntry>,
            EntryRemovedListener<String, WorkerEntry>, EntryExpiredListener<String, WorkerEntry>,
            EntryEvictedListener<String, WorkerEntry> {

        @Override
        public void entryAdded(EntryEvent<String, WorkerEntry> event) {
            upserted.accept(event.getValue());
        }

        @Override
        public void entryUpdated(EntryEvent<String, WorkerEntry> event) {
            upserted.accept(event.getValue());
        }

        @Override
        public void entryRemoved(EntryEvent<String, WorkerEntry> event) {
            removed.accept(event.getKey());
        }

        @Override
        public void entryExpired(EntryEvent<String, WorkerEntry> event) {
            removed.accept(event.getKey());
        }

        @Override
        public void entryEvicted(EntryEvent<String, WorkerEntry> event) {
            removed.accept(event.getKey());
        }
    }
}
