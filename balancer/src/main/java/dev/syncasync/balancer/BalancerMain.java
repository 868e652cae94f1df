package dev.syncasync.balancer;

import com.hazelcast.core.HazelcastInstance;
import dev.syncasync.config.ConfigLoader;
import dev.syncasync.config.LabConfig;
import dev.syncasync.config.Topology;
import dev.syncasync.config.WorkerAddress;
import dev.syncasync.registry.Hazelcasts;
import dev.syncasync.server.Args;
import dev.syncasync.server.Mains;
import dev.syncasync.server.WorkerInfo;
import dev.syncasync.server.WorkerServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the balancer alone: {@code java -jar balancer/target/balancer.jar --config FILE}. It
 * routes to the workers listed under {@code sync.addresses} and {@code async.addresses} and,
 * with the registry on, runs its Hazelcast member and follows the workers that register
 * there. Edits of the file's {@code topology:} switch pools live.
 */
public final class BalancerMain {

    private static final Logger LOG = LoggerFactory.getLogger(BalancerMain.class);

    private BalancerMain() {
    }

    public static void main(String[] args) {
        Mains.run("balancer", () -> {
            Args options = Args.parse(args, Set.of("config"), "balancer");
            Path file = Path.of(options.get("config").orElse("config/topology.yml"));
            LabConfig config = ConfigLoader.load(file);
            Balancer balancer = Balancer.start(config.balancer(), config.topology());
            register(balancer, Topology.SYNC, config.sync().addresses(), config.sync().threads());
            register(balancer, Topology.ASYNC, config.async().addresses(), WorkerServer.UNLIMITED);
            HazelcastInstance registry = config.registry().enabled() ? Hazelcasts.member(config.registry()) : null;
            if (registry != null) {
                balancer.followRegistry(registry, config.registry(), Set.of(Hazelcasts.port(registry)));
            }
            balancer.watch(file);
            LOG.atInfo().log(() -> "admin token for POST /admin/topology: " + balancer.adminToken());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                balancer.shutdown(Duration.ofSeconds(30));
                if (registry != null) {
                    registry.shutdown();
                }
            }));
        });
    }

    private static void register(Balancer balancer, Topology kind, List<String> addresses, int capacity) {
        for (String text : addresses) {
            WorkerAddress address = WorkerAddress.parse(text);
            balancer.addWorker(new WorkerInfo(kind.label() + "@" + address, kind, address.host(), address.port(),
                    capacity));
        }
    }
}
