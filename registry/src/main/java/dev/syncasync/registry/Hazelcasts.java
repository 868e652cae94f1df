package dev.syncasync.registry;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.client.config.ClientConnectionStrategyConfig;
import com.hazelcast.client.config.ConnectionRetryConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.ListenerConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleListener;
import dev.syncasync.config.RegistryConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Builds the lab's Hazelcast member (in the balancer) and clients (in workers started apart),
 * with every setting that would otherwise reach outside or hang: no multicast, no
 * auto-detection, no phone-home, no Jet, explicit TCP-IP, fast failure detection.
 */
public final class Hazelcasts {

    private Hazelcasts() {
    }

    /** Starts the registry's member, bound to {@code registry.host}:{@code registry.port} (0 = free port). */
    public static HazelcastInstance member(RegistryConfig registry) {
        Config config = new Config();
        config.setClusterName(registry.clusterName());
        common(config::setProperty);
        // A member is declared dead after 10 s without a heartbeat (default 60 s), so the
        // registry also cleans itself; the balancer's health checks act within 3 s anyway.
        config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        config.setProperty("hazelcast.max.no.heartbeat.seconds", "10");
        config.setProperty("hazelcast.client.max.no.heartbeat.seconds", "10");
        config.getJetConfig().setEnabled(false);
        NetworkConfig network = config.getNetworkConfig();
        // Reuse the address: a balancer restarting at once binds its port again despite TIME_WAIT.
        network.setPort(registry.port()).setPortAutoIncrement(false).setReuseAddress(true);
        if (!registry.host().equals("0.0.0.0")) {
            config.setProperty("hazelcast.socket.bind.any", "false");
            network.getInterfaces().setEnabled(true).addInterface(registry.host());
        }
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true);
        return Hazelcast.newHazelcastInstance(config);
    }

    /**
     * Connects a client to the registry at {@code members}; gives up after
     * {@code registry.join-timeout-ms} with a message saying what to check.
     */
    public static HazelcastInstance client(RegistryConfig registry, List<String> members) {
        ClientConfig config = clientConfig(registry, members);
        config.getConnectionStrategyConfig().getConnectionRetryConfig()
                .setClusterConnectTimeoutMillis(registry.joinTimeoutMs())
                .setInitialBackoffMillis(250)
                .setMaxBackoffMillis(2_000);
        try {
            return HazelcastClient.newHazelcastClient(config);
        } catch (IllegalStateException e) {
            throw cannotJoin(registry, members, e);
        }
    }

    private static ClientConfig clientConfig(RegistryConfig registry, List<String> members) {
        ClientConfig config = new ClientConfig();
        config.setClusterName(registry.clusterName());
        common(config::setProperty);
        config.setProperty("hazelcast.client.heartbeat.interval", "1000");
        config.setProperty("hazelcast.client.heartbeat.timeout", "10000");
        config.getNetworkConfig().setAddresses(new ArrayList<>(members));
        config.getNetworkConfig().getAutoDetectionConfig().setEnabled(false);
        return config;
    }

    private static IllegalStateException cannotJoin(RegistryConfig registry, List<String> members, Exception cause) {
        return new IllegalStateException("could not join the registry at " + String.join(", ", members)
                + " with cluster name '" + registry.clusterName() + "' within " + registry.joinTimeoutMs()
                + " ms: is the lab running (./lab up), and do registry.members and registry.cluster-name"
                + " match its config?", cause);
    }

    /**
     * A client for a worker's whole life: it must reach the registry within
     * {@code registry.join-timeout-ms} at start (or this throws, saying what to check), and after
     * that it never gives up. Whenever the registry goes away (the balancer restarts, slowly), the
     * client reconnects with back-off (0.25 s doubling to 5 s) for as long as the worker runs,
     * instead of shutting itself down after the join timeout and leaving the worker orphaned.
     * {@code onConnection} is told of every loss ({@code false}) and return ({@code true}).
     */
    public static HazelcastInstance lastingClient(RegistryConfig registry, List<String> members,
                                                  Consumer<Boolean> onConnection) {
        ClientConfig config = clientConfig(registry, members);
        CountDownLatch joined = new CountDownLatch(1);
        config.addListenerConfig(new ListenerConfig((LifecycleListener) event -> {
            switch (event.getState()) {
                case CLIENT_CONNECTED -> {
                    joined.countDown();
                    onConnection.accept(true);
                }
                case CLIENT_DISCONNECTED -> onConnection.accept(false);
                default -> { }
            }
        }));
        config.getConnectionStrategyConfig().setAsyncStart(true)
                .setReconnectMode(ClientConnectionStrategyConfig.ReconnectMode.ON)
                .getConnectionRetryConfig()
                .setClusterConnectTimeoutMillis(ConnectionRetryConfig.DEFAULT_CLUSTER_CONNECT_TIMEOUT_MILLIS)
                .setInitialBackoffMillis(250)
                .setMaxBackoffMillis(5_000)
                .setJitter(0.2);
        HazelcastInstance client = HazelcastClient.newHazelcastClient(config);
        try {
            if (!joined.await(registry.joinTimeoutMs(), TimeUnit.MILLISECONDS)) {
                client.shutdown();
                throw cannotJoin(registry, members, null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            client.shutdown();
            throw cannotJoin(registry, members, e);
        }
        return client;
    }

    /** The port the member actually listens on. */
    public static int port(HazelcastInstance member) {
        return member.getCluster().getLocalMember().getAddress().getPort();
    }

    private interface Properties {
        Object set(String name, String value);
    }

    private static void common(Properties properties) {
        properties.set("hazelcast.phone.home.enabled", "false");
        // Through SLF4J to the lab's Logback: its INFO lines (banner, member lists) stay under the
        // libraries' level (LAB_LIBS_LOG_LEVEL, WARN by default), its warnings and errors show.
        properties.set("hazelcast.logging.type", "slf4j");
        // The lab shuts Hazelcast down itself, after the servers stopped; Hazelcast's own JVM
        // hook would pull the registry away while workers still deregister.
        properties.set("hazelcast.shutdownhook.enabled", "false");
    }
}
