package dev.syncasync.balancer;

import dev.syncasync.common.config.ConfigLoader;
import dev.syncasync.common.config.LabConfig;
import dev.syncasync.common.config.Topology;
import dev.syncasync.common.config.WorkerAddress;
import dev.syncasync.common.server.Args;
import dev.syncasync.common.server.Mains;
import dev.syncasync.common.server.WorkerInfo;
import dev.syncasync.common.server.WorkerServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Runs the balancer alone: {@code java -jar balancer/target/balancer.jar --config FILE}. It
 * routes to the workers listed under {@code sync.addresses} and {@code async.addresses}.
 */
public final class BalancerMain {

    private BalancerMain() {
    }

    public static void main(String[] args) {
        Mains.run("balancer", () -> {
            Args options = Args.parse(args, Set.of("config"), "balancer");
            LabConfig config = ConfigLoader.load(Path.of(options.get("config").orElse("config/topology.yml")));
            Balancer balancer = Balancer.start(config.balancer(), config.topology());
            register(balancer, Topology.SYNC, config.sync().addresses(), config.sync().threads());
            register(balancer, Topology.ASYNC, config.async().addresses(), WorkerServer.UNLIMITED);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> balancer.shutdown(Duration.ofSeconds(30))));
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
