package dev.syncasync.balancer;

import com.hazelcast.core.HazelcastInstance;
import dev.syncasync.config.ConfigLoader;
import dev.syncasync.config.LabConfig;
import dev.syncasync.config.Topology;
import dev.syncasync.config.WorkerAddress;
import dev.syncasync.registry.Hazelcasts;
import dev.syncasync.commandline.Cli;
import dev.syncasync.commandline.Version;
import dev.syncasync.logging.Logging;
import dev.syncasync.server.Termination;
import dev.syncasync.server.WorkerInfo;
import dev.syncasync.server.WorkerServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs the balancer alone: {@code java -jar balancer/target/balancer.jar --config FILE}. It
 * routes to the workers listed under {@code sync.addresses}, {@code async.addresses} and
 * {@code virtual.addresses} and,
 * with the registry on, runs its Hazelcast member and follows the workers that register
 * there. Edits of the file's {@code topology:} switch pools live.
 */
@Command(name = "balancer", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"The balancer alone (java -jar balancer/target/balancer.jar): the client port, the admin "
                + "port and the registry's Hazelcast member.",
            "It routes to the workers under sync.addresses, async.addresses and virtual.addresses and to those "
                + "that join its "
                + "registry; an edit of the file's topology: switches pools live."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:running until SIGTERM, which lets waiting and in-flight requests finish",
            "1:it failed at run time", "2:a bad option or config file"})
public final class BalancerMain implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(BalancerMain.class);

    @Option(names = "--config", paramLabel = "FILE", description = "The topology file, watched for edits "
            + "(default: ${DEFAULT-VALUE}).")
    Path file = Path.of("config/topology.yml");

    public static void main(String[] args) {
        Logging.init();
        Cli.startServers(new BalancerMain(), args);
    }

    @Override
    public Integer call() {
        LabConfig config = ConfigLoader.load(file);
        Balancer balancer = Balancer.start(config.balancer(), config.topology());
        register(balancer, Topology.SYNC, config.sync().addresses(), config.sync().threads());
        register(balancer, Topology.ASYNC, config.async().addresses(), WorkerServer.UNLIMITED);
        register(balancer, Topology.VIRTUAL, config.virtual().addresses(), config.virtual().maxConcurrent() > 0
                ? config.virtual().maxConcurrent() : WorkerServer.UNLIMITED);
        HazelcastInstance registry = config.registry().enabled() ? Hazelcasts.member(config.registry()) : null;
        if (registry != null) {
            balancer.followRegistry(registry, config.registry(), Set.of(Hazelcasts.port(registry)));
        }
        balancer.watch(file);
        LOG.atInfo().log(() -> "admin token for POST /admin/topology: " + balancer.adminToken());
        // SIGTERM or Ctrl-C: drain, then exit 0 when every accepted request was answered (Termination).
        Termination.onSignal("balancer", () -> {
            boolean clean = balancer.shutdown(Duration.ofMillis(config.balancer().drainTimeoutMs()));
            if (registry != null) {
                registry.shutdown();
            }
            return clean;
        });
        return Cli.OK;
    }

    private static void register(Balancer balancer, Topology kind, List<String> addresses, int capacity) {
        for (String text : addresses) {
            WorkerAddress address = WorkerAddress.parse(text);
            balancer.addWorker(new WorkerInfo(kind.label() + "@" + address, kind, address.host(), address.port(),
                    capacity, address.h2cPort()));
        }
    }
}
