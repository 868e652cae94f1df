package dev.syncasync.experiments;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Config;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.api.model.Service;
import java.time.Duration;
import java.util.Map;
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
        int removed = removeServices();
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
                // A swarm network whose tasks still stop: retried below.
            }
        }
        awaitSwarmObjectsGone();
        for (Network n : networks()) {
            System.err.println("lab: could not remove network " + n.getName());
        }
        for (Config c : configs()) {
            System.err.println("lab: could not remove config " + c.getSpec().getName());
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

    /** Containers, networks and (on a swarm manager) services and configs with the label still there. */
    int leftovers() {
        return containers().size() + networks().size() + services().size() + configs().size();
    }

    /** A swarm run's services (their tasks go with them); on an engine that is no swarm manager there are none. */
    private int removeServices() {
        int removed = 0;
        for (Service s : services()) {
            try {
                docker.removeServiceCmd(s.getId()).exec();
                removed++;
            } catch (RuntimeException e) {
                System.err.println("lab: could not remove service " + s.getId() + ": " + Engine.rootCause(e));
            }
        }
        return removed;
    }

    /** A swarm's networks and configs stay in use while the removed services' tasks stop: retry a while. */
    private void awaitSwarmObjectsGone() {
        if (networks().isEmpty() && configs().isEmpty()) {
            return;
        }
        Deadline.await(Duration.ofSeconds(60), Duration.ofMillis(500), () -> {
            networks().forEach(n -> quietly(() -> docker.removeNetworkCmd(n.getId()).exec()));
            configs().forEach(c -> quietly(() -> docker.removeConfigCmd(c.getId()).exec()));
            return networks().isEmpty() && configs().isEmpty();
        });
    }

    private static void quietly(Runnable removal) {
        try {
            removal.run();
        } catch (RuntimeException e) {
            // Still in use: the next round, or the report of what is left.
        }
    }

    private List<Service> services() {
        try {
            return docker.listServicesCmd().withLabelFilter(label.labels()).exec();
        } catch (RuntimeException e) {
            return List.of(); // not a swarm manager
        }
    }

    private List<Config> configs() {
        try {
            return docker.listConfigsCmd().withFilters(Map.of("label", List.of(label.filter()))).exec();
        } catch (RuntimeException e) {
            return List.of(); // not a swarm manager
        }
    }

    private List<Container> containers() {
        return docker.listContainersCmd().withShowAll(true).withLabelFilter(label.labels()).exec();
    }

    private List<Network> networks() {
        return docker.listNetworksCmd().withFilter("label", List.of(label.filter())).exec();
    }
}
