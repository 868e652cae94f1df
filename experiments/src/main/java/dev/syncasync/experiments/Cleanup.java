package dev.syncasync.experiments;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Network;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Removes every container, network and volume that carries one run's label - at the end of the
 * run, after an error, and from a shutdown hook on Ctrl-C or SIGTERM. Idempotent: whichever of
 * them comes first does the work, the others find nothing left.
 */
final class Cleanup implements AutoCloseable {

    private final DockerClient docker;
    private final RunLabel label;
    private final Thread hook;
    private final AtomicBoolean done = new AtomicBoolean();

    private Cleanup(DockerClient docker, RunLabel label) {
        this.docker = docker;
        this.label = label;
        this.hook = new Thread(this::removeFromHook, "lab-cleanup");
    }

    /** Registers the shutdown hook for {@code label}'s run. */
    static Cleanup register(DockerClient docker, RunLabel label) {
        Cleanup cleanup = new Cleanup(docker, label);
        Runtime.getRuntime().addShutdownHook(cleanup.hook);
        return cleanup;
    }

    @Override
    public void close() {
        removeAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // Already shutting down: the hook runs (or ran) and finds nothing left.
        }
    }

    private void removeFromHook() {
        // stdout, not a logger: the JVM resets java.util.logging in a shutdown hook of its own.
        System.out.println("lab: stopping: removing the containers and networks labelled " + label.filter());
        removeAll();
    }

    /** Removes what the label names; returns how many objects went. */
    int removeAll() {
        if (!done.compareAndSet(false, true) && leftovers() == 0) {
            return 0;
        }
        int removed = 0;
        for (Container c : containers()) {
            try {
                docker.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
                removed++;
            } catch (RuntimeException e) {
                System.err.println("lab: could not remove container " + c.getId() + ": " + Engine.rootCause(e));
            }
        }
        for (Network n : networks()) {
            try {
                docker.removeNetworkCmd(n.getId()).exec();
                removed++;
            } catch (RuntimeException e) {
                System.err.println("lab: could not remove network " + n.getName() + ": " + Engine.rootCause(e));
            }
        }
        var volumes = docker.listVolumesCmd().withFilter("label", List.of(label.filter())).exec().getVolumes();
        for (var v : volumes == null ? List.<com.github.dockerjava.api.command.InspectVolumeResponse>of() : volumes) {
            try {
                docker.removeVolumeCmd(v.getName()).exec();
                removed++;
            } catch (RuntimeException e) {
                System.err.println("lab: could not remove volume " + v.getName() + ": " + Engine.rootCause(e));
            }
        }
        return removed;
    }

    /** Containers and networks with the label still on the engine. */
    int leftovers() {
        return containers().size() + networks().size();
    }

    private List<Container> containers() {
        return docker.listContainersCmd().withShowAll(true).withLabelFilter(label.labels()).exec();
    }

    private List<Network> networks() {
        return docker.listNetworksCmd().withFilter("label", List.of(label.filter())).exec();
    }
}
