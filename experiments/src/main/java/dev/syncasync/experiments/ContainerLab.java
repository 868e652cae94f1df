package dev.syncasync.experiments;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.Volume;
import dev.syncasync.admin.AdminClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One lab as containers, made the way docker-compose.yml makes it: an internal network
 * {@code lab} that only the lab's containers reach, the balancer on it (alias {@code balancer})
 * and on an {@code edge} network that publishes its admin port on 127.0.0.1 only, and N workers
 * that join the balancer's registry by that alias. Every object carries the run's label.
 */
final class ContainerLab implements Lab {

    private static final long MIB = 1024L * 1024;
    private static final ExposedPort ADMIN = ExposedPort.tcp(8081);

    private final DockerClient docker;
    private final RunLabel label;
    private final String prefix;
    private final LabSpec spec;
    private final List<String> networks = new ArrayList<>();
    private final List<String> workers = new ArrayList<>();
    private String labNetwork;
    private String balancer;
    private int adminPort;
    private String engineName;

    private ContainerLab(DockerClient docker, RunLabel label, String prefix, LabSpec spec) {
        this.docker = docker;
        this.label = label;
        this.prefix = prefix;
        this.spec = spec;
    }

    /**
     * Creates and starts the lab of {@code spec} and waits until the registry lists every worker
     * ready. {@code prefix} keeps the names of several labs of one run apart (p1, p2, ...).
     */
    static ContainerLab start(DockerClient docker, RunLabel label, String prefix, LabSpec spec, ImageOptions images,
                              Path configDir) {
        ContainerLab lab = new ContainerLab(docker, label, prefix, spec);
        try {
            lab.create(images, configDir);
            return lab;
        } catch (RuntimeException e) {
            lab.close();
            throw e;
        }
    }

    private void create(ImageOptions images, Path configDir) {
        labNetwork = network("lab", true);
        String edge = network("edge", false);
        Bind config = new Bind(configDir.toAbsolutePath().toString(), new Volume("/config"), AccessMode.ro);
        balancer = docker.createContainerCmd(images.image("balancer"))
                .withName(label.name(prefix + "-balancer"))
                .withLabels(label.labels())
                .withEnv("LAB_REGISTRY_ENABLED=true", "LAB_SYNC_ADDRESSES=", "LAB_ASYNC_ADDRESSES=",
                        "LAB_REGISTRY_ALLOW=127.0.0.0/8,10.0.0.0/8,172.16.0.0/12,192.168.0.0/16",
                        "LAB_TOPOLOGY=" + spec.topology())
                .withExposedPorts(ADMIN)
                .withAliases("balancer")
                .withHostConfig(HostConfig.newHostConfig()
                        .withNetworkMode(labNetwork)
                        .withBinds(config)
                        .withMemory(768 * MIB)
                        // The host port is the engine's choice: several runs never collide.
                        .withPortBindings(new PortBinding(Ports.Binding.bindIp("127.0.0.1"), ADMIN)))
                .exec().getId();
        docker.connectToNetworkCmd().withNetworkId(edge).withContainerId(balancer)
                .withContainerNetwork(new ContainerNetwork()).exec();
        docker.startContainerCmd(balancer).exec();
        adminPort = publishedAdminPort();
        AdminClient admin = admin();
        if (!Deadline.await(Duration.ofSeconds(120), Duration.ofMillis(250), () -> admin.workers() != null)) {
            throw new ExperimentException("the balancer container of " + spec + " did not answer on its admin port within 120 s"
                    + " (docker logs " + balancer.substring(0, 12) + ")");
        }
        for (int i = 1; i <= spec.workers(); i++) {
            workers.add(startWorker(images, config, i));
        }
        if (!Deadline.await(Duration.ofSeconds(180), Duration.ofMillis(250),
                () -> admin.workers().ready(spec.topology()).size() == spec.workers())) {
            throw new ExperimentException("the registry did not list " + spec.workers() + " " + spec.topology()
                    + " workers ready within 180 s");
        }
    }

    private String network(String name, boolean internal) {
        String id = docker.createNetworkCmd().withName(label.name(prefix + "-" + name)).withDriver("bridge")
                .withInternal(internal).withLabels(label.labels()).exec().getId();
        networks.add(id);
        return id;
    }

    private String startWorker(ImageOptions images, Bind config, int index) {
        String id = docker.createContainerCmd(images.image(spec.workerModule()))
                .withName(label.name(prefix + "-" + spec.workerModule() + "-" + index))
                .withLabels(label.labels())
                .withEnv(spec.threadsVariable() + "=" + spec.threads())
                .withCmd("--config", "/config/topology.yml", "--join", "balancer:5701")
                .withHostConfig(HostConfig.newHostConfig()
                        .withNetworkMode(labNetwork)
                        .withBinds(config)
                        .withMemory(spec.workerMemoryMb() * MIB))
                .exec().getId();
        docker.startContainerCmd(id).exec();
        return id;
    }

    private int publishedAdminPort() {
        InspectContainerResponse inspect = docker.inspectContainerCmd(balancer).exec();
        Ports.Binding[] bindings = inspect.getNetworkSettings().getPorts().getBindings().get(ADMIN);
        if (bindings == null || bindings.length == 0) {
            throw new ExperimentException("the engine published no port for the balancer's admin API");
        }
        return Integer.parseInt(bindings[0].getHostPortSpec());
    }

    @Override
    public AdminClient admin() {
        return new AdminClient("http://127.0.0.1:" + adminPort);
    }

    @Override
    public String adminEndpoint() {
        return "127.0.0.1:" + adminPort;
    }

    @Override
    public LabSpec spec() {
        return spec;
    }

    @Override
    public String balancer() {
        return balancer;
    }

    @Override
    public List<String> workers() {
        return List.copyOf(workers);
    }

    /** Every container runs on the one engine: its host name. */
    @Override
    public String node(String container) {
        if (engineName == null) {
            engineName = docker.infoCmd().exec().getName();
        }
        return engineName;
    }

    @Override
    public DockerClient engineOf(String container) {
        return docker;
    }

    /** Gatling containers on the lab's internal network. */
    @Override
    public Generator generator(String image) {
        return new GatlingContainer(docker, label, image, labNetwork, node(balancer));
    }

    /** A worker container's address as the registry lists it ({@code ip:9000} on the lab network). */
    @Override
    public String workerAddress(String container) {
        ContainerNetwork net = docker.inspectContainerCmd(container).exec().getNetworkSettings().getNetworks().values()
                .stream().findFirst().orElseThrow();
        return net.getIpAddress() + ":9000";
    }

    /** Stops nothing gracefully: a lab's containers hold no state worth keeping, so they go at once. */
    @Override
    public void close() {
        List<String> containers = new ArrayList<>(workers);
        if (balancer != null) {
            containers.add(balancer);
        }
        for (String id : containers) {
            try {
                docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
            } catch (RuntimeException e) {
                // Already gone (a chaos kill with auto-remove, a Ctrl-C): the run's Cleanup checks by label.
            }
        }
        for (String id : networks) {
            try {
                docker.removeNetworkCmd(id).exec();
            } catch (RuntimeException e) {
                // The run's Cleanup retries by label.
            }
        }
    }
}
