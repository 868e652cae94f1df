package dev.syncasync.experiments;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.ContainerSpec;
import com.github.dockerjava.api.model.ContainerSpecConfig;
import com.github.dockerjava.api.model.ContainerSpecFile;
import com.github.dockerjava.api.model.EndpointResolutionMode;
import com.github.dockerjava.api.model.EndpointSpec;
import com.github.dockerjava.api.model.NetworkAttachmentConfig;
import com.github.dockerjava.api.model.PortConfig;
import com.github.dockerjava.api.model.PortConfigProtocol;
import com.github.dockerjava.api.model.ResourceRequirements;
import com.github.dockerjava.api.model.ResourceSpecs;
import com.github.dockerjava.api.model.ServiceModeConfig;
import com.github.dockerjava.api.model.ServicePlacement;
import com.github.dockerjava.api.model.ServiceReplicatedModeOptions;
import com.github.dockerjava.api.model.ServiceRestartCondition;
import com.github.dockerjava.api.model.ServiceRestartPolicy;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.api.model.TaskSpec;
import dev.syncasync.admin.AdminClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One lab as services on a swarm, the way deploy/swarm/lab-stack.yml makes it: overlay networks
 * {@code lab} (internal) and {@code edge}, topology.yml as a Swarm config, the balancer on a node
 * labelled {@code lab.balancer=true} (its admin port published on that node, host mode, on a port
 * the engine picks), N workers on the nodes labelled {@code lab.workers=true} joining its registry
 * by {@code tasks.balancer}. No routing mesh: every service resolves by DNS round robin. Every
 * object carries the run's label; no task is restarted, so a break stays visible.
 */
final class SwarmLab implements Lab {

    private static final long MIB = 1024L * 1024;

    private final Swarm swarm;
    private final DockerClient docker;
    private final RunLabel label;
    private final String prefix;
    private final LabSpec spec;
    private final List<String> services = new ArrayList<>();
    private final List<String> networks = new ArrayList<>();
    private String config;
    private String labNetwork;
    private String balancerService;
    private String workerService;
    private String adminEndpoint;
    private List<Swarm.TaskView> workerTasks = List.of();
    private Swarm.TaskView balancerTask;

    private SwarmLab(Swarm swarm, RunLabel label, String prefix, LabSpec spec) {
        this.swarm = swarm;
        this.docker = swarm.manager();
        this.label = label;
        this.prefix = prefix;
        this.spec = spec;
    }

    /** Creates the lab of {@code spec} on {@code swarm} and waits until the registry lists every worker ready. */
    static SwarmLab start(Swarm swarm, RunLabel label, String prefix, LabSpec spec, ImageOptions images, Path configDir) {
        for (String role : List.of("lab.balancer", "lab.workers", "lab.generator")) {
            if (swarm.labelled(role).isEmpty()) {
                throw new ExperimentException("--engine swarm: no node is labelled " + role + "=true; docker node update "
                        + "--label-add " + role + "=true NODE (deploy/swarm/lab-stack.yml explains the labels)");
            }
        }
        if (spec.hasDatabase()) {
            throw new ExperimentException("--engine swarm: a lab with a database (" + spec + ") runs on one engine only "
                    + "for now (--engine docker); deploy/swarm/lab-stack.yml has the stack's postgres service");
        }
        SwarmLab lab = new SwarmLab(swarm, label, prefix, spec);
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
        try {
            config = docker.createConfigCmd().withName(label.name(prefix + "-topology")).withLabels(label.labels())
                    .withData(Files.readAllBytes(configDir.resolve("topology.yml"))).exec().getId();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ContainerSpec balancer = new ContainerSpec().withImage(images.image("balancer")).withLabels(label.labels())
                .withEnv(List.of("LAB_REGISTRY_ENABLED=true", "LAB_SYNC_ADDRESSES=", "LAB_ASYNC_ADDRESSES=",
                        "LAB_VIRTUAL_ADDRESSES=", "LAB_REGISTRY_ALLOW=127.0.0.0/8,10.0.0.0/8,172.16.0.0/12,192.168.0.0/16",
                        "LAB_TOPOLOGY=" + spec.topology()))
                .withConfigs(List.of(topologyConfig()));
        balancerService = service("balancer", balancer, 1, "lab.balancer", 768,
                List.of(attach(labNetwork, "balancer"), attach(edge)),
                // The admin port on the balancer's node only, on a port the engine picks: this process polls it.
                List.of(new PortConfig().withProtocol(PortConfigProtocol.TCP).withTargetPort(8081)
                        .withPublishMode(PortConfig.PublishMode.host)));
        balancerTask = await(Duration.ofSeconds(180), "the balancer task running with its admin port published",
                () -> swarm.tasks(balancerService).stream().filter(Swarm.TaskView::running)
                        .filter(t -> t.publishedPorts().getOrDefault(8081, 0) > 0).findFirst());
        String address = swarm.nodes().values().stream().filter(n -> n.hostname().equals(balancerTask.node()))
                .findFirst().orElseThrow().address();
        adminEndpoint = address + ":" + balancerTask.publishedPorts().get(8081);
        AdminClient admin = admin();
        if (!Deadline.await(Duration.ofSeconds(120), Duration.ofMillis(250), () -> admin.workers() != null)) {
            throw new ExperimentException("the balancer of " + spec + " did not answer at " + adminEndpoint
                    + " within 120 s (docker service logs " + balancerService.substring(0, 12) + ")");
        }
        ContainerSpec worker = new ContainerSpec().withImage(images.image(spec.workerModule())).withLabels(label.labels())
                .withEnv(List.of(spec.threadsVariable() + "=" + spec.threads(), "LAB_REGISTRY_JOIN_TIMEOUT_MS=180000"))
                .withArgs(spec.workerCommand("tasks.balancer:5701"))
                .withConfigs(List.of(topologyConfig()));
        workerService = service(spec.workerRole(), worker, spec.workers(), "lab.workers", spec.workerMemoryMb(),
                List.of(attach(labNetwork)), List.of());
        if (!Deadline.await(Duration.ofSeconds(240), Duration.ofMillis(500),
                () -> admin.workers().ready(spec.topology()).size() == spec.workers())) {
            throw new ExperimentException("the registry did not list " + spec.workers() + " " + spec.topology()
                    + " workers ready within 240 s");
        }
        workerTasks = swarm.tasks(workerService).stream().filter(Swarm.TaskView::running)
                .sorted(Comparator.comparing(Swarm.TaskView::id)).toList();
    }

    private String network(String name, boolean internal) {
        String id = docker.createNetworkCmd().withName(label.name(prefix + "-" + name)).withDriver("overlay")
                .withInternal(internal).withAttachable(true).withLabels(label.labels()).exec().getId();
        networks.add(id);
        return id;
    }

    private ContainerSpecConfig topologyConfig() {
        return new ContainerSpecConfig().withConfigID(config).withConfigName(label.name(prefix + "-topology"))
                .withFile(new ContainerSpecFile().withName("/config/topology.yml").withUid("0").withGid("0")
                        .withMode(0444L));
    }

    private static NetworkAttachmentConfig attach(String network, String... aliases) {
        return new NetworkAttachmentConfig().withTarget(network).withAliases(List.of(aliases));
    }

    private String service(String name, ContainerSpec container, int replicas, String nodeLabel, int memoryMb,
                           List<NetworkAttachmentConfig> attachments, List<PortConfig> ports) {
        ServiceSpec service = new ServiceSpec().withName(label.name(prefix + "-" + name)).withLabels(label.labels())
                .withTaskTemplate(new TaskSpec().withContainerSpec(container)
                        .withPlacement(new ServicePlacement().withConstraints(
                                List.of("node.labels." + nodeLabel + " == true")))
                        .withResources(new ResourceRequirements().withLimits(
                                new ResourceSpecs().withMemoryBytes(memoryMb * MIB)))
                        .withRestartPolicy(new ServiceRestartPolicy().withCondition(ServiceRestartCondition.NONE))
                        .withNetworks(attachments))
                .withMode(new ServiceModeConfig().withReplicated(new ServiceReplicatedModeOptions().withReplicas(replicas)))
                .withEndpointSpec(new EndpointSpec().withMode(EndpointResolutionMode.DNSRR).withPorts(ports));
        String id = docker.createServiceCmd(service).exec().getId();
        services.add(id);
        return id;
    }

    private static <T> T await(Duration limit, String what, java.util.function.Supplier<Optional<T>> probe) {
        Object[] found = new Object[1];
        if (!Deadline.await(limit, Duration.ofMillis(500), () -> {
            Optional<T> t = probe.get();
            t.ifPresent(v -> found[0] = v);
            return t.isPresent();
        })) {
            throw new ExperimentException(what + ": not within " + limit.toSeconds() + " s");
        }
        @SuppressWarnings("unchecked")
        T t = (T) found[0];
        return t;
    }

    @Override
    public LabSpec spec() {
        return spec;
    }

    @Override
    public AdminClient admin() {
        return new AdminClient("http://" + adminEndpoint);
    }

    @Override
    public String adminEndpoint() {
        return adminEndpoint;
    }

    @Override
    public String balancer() {
        return balancerTask.containerId();
    }

    @Override
    public List<String> workers() {
        return workerTasks.stream().map(Swarm.TaskView::containerId).toList();
    }

    @Override
    public String workerAddress(String container) {
        return task(container).addresses().get(labNetwork) + ":9000";
    }

    @Override
    public String node(String container) {
        return task(container).node();
    }

    @Override
    public DockerClient engineOf(String container) {
        return swarm.engine(node(container));
    }

    /** One-shot Gatling services on the lab's network, on a node labelled lab.generator=true. */
    @Override
    public Generator generator(String image) {
        return new SwarmGatling(swarm, label, image, labNetwork);
    }

    private Swarm.TaskView task(String container) {
        if (balancerTask != null && balancerTask.containerId().equals(container)) {
            return balancerTask;
        }
        return workerTasks.stream().filter(t -> t.containerId().equals(container)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no task of this lab runs container " + container));
    }

    /** Removes the services, the config and the networks (a network goes once its tasks are gone). */
    @Override
    public void close() {
        for (String id : services) {
            try {
                docker.removeServiceCmd(id).exec();
            } catch (RuntimeException e) {
                // Already gone: the run's Cleanup checks by label.
            }
        }
        boolean gone = Deadline.await(Duration.ofSeconds(60), Duration.ofMillis(500), () -> {
            boolean left = false;
            if (config != null) {
                left |= !remove(() -> docker.removeConfigCmd(config).exec());
            }
            for (String id : networks) {
                left |= !remove(() -> docker.removeNetworkCmd(id).exec());
            }
            return !left;
        });
        if (!gone) {
            System.err.println("lab: the config or a network of " + spec + " is still in use after 60 s; the run's "
                    + "cleanup retries by label");
        }
    }

    private static boolean remove(Runnable removal) {
        try {
            removal.run();
            return true;
        } catch (com.github.dockerjava.api.exception.NotFoundException e) {
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
