package dev.syncasync.experiments;

import com.github.dockerjava.api.DockerClient;
import dev.syncasync.admin.AdminClient;
import java.util.List;

/**
 * One lab an experiment runs against: the balancer and N workers of one kind, as containers on
 * one engine ({@link ContainerLab}) or as services on a swarm ({@link SwarmLab}). Containers are
 * named by their ids; where each runs is {@link #node}.
 */
interface Lab extends AutoCloseable {

    LabSpec spec();

    /** The balancer's admin API as this process reaches it. */
    AdminClient admin();

    /** {@code host:port} of the admin API, for messages. */
    String adminEndpoint();

    /** The balancer's container. */
    String balancer();

    /** The worker containers, in order. */
    List<String> workers();

    /**
     * The lab's other containers that are part of what it measures (its database), which the
     * disturbance guard counts as the lab's, not as other processes; none by default.
     */
    default List<String> supporting() {
        return List.of();
    }

    /** A worker container's address as the registry lists it ({@code ip:9000} on the lab's network). */
    String workerAddress(String container);

    /** The name of the machine (engine or swarm node) {@code container} runs on. */
    String node(String container);

    /** The engine that runs {@code container} (its stats, a kill), or null when this process cannot reach it. */
    DockerClient engineOf(String container);

    /** Starts and awaits Gatling runs against this lab. */
    Generator generator(String image);

    @Override
    void close();
}
