package dev.syncasync.experiments;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HealthCheck;
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
 * that join the balancer's registry by that alias. A lab whose spec has a database gets docker-compose.yml's
 * {@code postgres} service too: PostgreSQL on the internal network only (alias {@code postgres}, no
 * published port), its data in a volume of the run, healthy once {@code pg_isready} answers, and
 * every worker's {@code LAB_DB_URL} pointing at it. Every object carries the run's label.
 */
final class ContainerLab implements Lab {

    private static final long MIB = 1024L * 1024;
    private static final ExposedPort ADMIN = ExposedPort.tcp(8081);
    /** docker-compose.yml's database password default; the network is internal to the lab. */
    static final String DB_PASSWORD = "lab";
    /** What each worker's LAB_DB_URL says: the database container by its alias on the lab network. */
    static final String DB_URL = "postgresql://postgres:" + DB_PASSWORD + "@postgres:5432/postgres";
    /**
     * A worker's longest wait for a connection in a lab with a database: a sweep puts up to 100
     * requests at once on pools of a few connections, so the last one waits ceil(100/P) waves; the
     * default 5 s would turn that queue into 503s. Ten minutes, like the longest simulation.
     */
    static final int DB_ACQUIRE_TIMEOUT_MS = 600_000;

    private final DockerClient docker;
    private final RunLabel label;
    private final String prefix;
    private final LabSpec spec;
    private final List<String> networks = new ArrayList<>();
    private final List<String> workers = new ArrayList<>();
    private String database;
    private String databaseVolume;
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
        if (spec.hasDatabase()) {
            // First: the workers find it at once; they would also start without it and say so in /health.
            startDatabase(images.postgresImage());
        }
        List<String> balancerEnv = new ArrayList<>(List.of("LAB_REGISTRY_ENABLED=true", "LAB_SYNC_ADDRESSES=",
                "LAB_ASYNC_ADDRESSES=", "LAB_VIRTUAL_ADDRESSES=",
                "LAB_REGISTRY_ALLOW=127.0.0.0/8,10.0.0.0/8,172.16.0.0/12,192.168.0.0/16",
                "LAB_TOPOLOGY=" + spec.topology()));
        if (spec.hasDatabase()) {
            // The balancer's deadline is db + this: the wait for a connection in the worker's pool comes on top.
            balancerEnv.add("LAB_BALANCER_RESPONSE_TIMEOUT_MS=" + DB_ACQUIRE_TIMEOUT_MS);
        }
        balancer = docker.createContainerCmd(images.image("balancer"))
                .withName(label.name(prefix + "-balancer"))
                .withLabels(label.labels())
                .withEnv(balancerEnv)
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

    /**
     * docker-compose.yml's postgres service: {@code max_connections} room for every worker's pool
     * (plus the superuser's reserve), a volume of this run, and no return before the healthcheck
     * passes - so the first {@code db} request of a simulation finds the server up.
     */
    private void startDatabase(String image) {
        if (!Images.exists(docker, image)) {
            throw new ExperimentException("the database image " + image + " is not on the engine; no run pulls it "
                    + "(docker pull " + image + ", or on a machine without a registry: eval \"$(scripts/base-images.sh)\", "
                    + "which sets LAB_POSTGRES_IMAGE to a local stand-in)");
        }
        databaseVolume = docker.createVolumeCmd().withName(label.name(prefix + "-postgres-data"))
                .withLabels(label.labels()).exec().getName();
        int maxConnections = Math.max(100, spec.workers() * spec.dbPoolSize() + 10);
        long second = 1_000_000_000L;
        database = docker.createContainerCmd(image)
                .withName(label.name(prefix + "-postgres"))
                .withLabels(label.labels())
                .withEnv("POSTGRES_PASSWORD=" + DB_PASSWORD)
                .withCmd("postgres", "-c", "max_connections=" + maxConnections)
                .withAliases("postgres")
                .withStopSignal("SIGINT")
                .withHealthcheck(new HealthCheck()
                        .withTest(List.of("CMD-SHELL", "pg_isready -h 127.0.0.1 -U postgres -d postgres"))
                        .withInterval(second / 2).withTimeout(3 * second).withRetries(120).withStartPeriod(60 * second))
                .withHostConfig(HostConfig.newHostConfig()
                        .withNetworkMode(labNetwork)
                        .withBinds(new Bind(databaseVolume, new Volume("/var/lib/postgresql/data")))
                        .withMemory(256 * MIB))
                .exec().getId();
        docker.startContainerCmd(database).exec();
        if (!Deadline.await(Duration.ofSeconds(120), Duration.ofMillis(250), this::databaseHealthy)) {
            throw new ExperimentException("the database container of " + spec + " (" + image + ") was not healthy "
                    + "within 120 s (docker logs " + database.substring(0, 12) + ")");
        }
    }

    private boolean databaseHealthy() {
        var state = docker.inspectContainerCmd(database).exec().getState();
        if (Boolean.FALSE.equals(state.getRunning())) {
            throw new ExperimentException("the database container of " + spec + " exited (" + state.getExitCodeLong()
                    + "; docker logs " + database.substring(0, 12) + ")");
        }
        return state.getHealth() != null && "healthy".equals(state.getHealth().getStatus());
    }

    @Override
    public List<String> supporting() {
        return database == null ? List.of() : List.of(database);
    }

    /** The database container, or null when the lab has none. */
    String database() {
        return database;
    }

    private String network(String name, boolean internal) {
        String id = docker.createNetworkCmd().withName(label.name(prefix + "-" + name)).withDriver("bridge")
                .withInternal(internal).withLabels(label.labels()).exec().getId();
        networks.add(id);
        return id;
    }

    private String startWorker(ImageOptions images, Bind config, int index) {
        List<String> env = new ArrayList<>(List.of(spec.threadsVariable() + "=" + spec.threads()));
        if (spec.hasDatabase()) {
            env.addAll(List.of("LAB_DB_URL=" + DB_URL, "LAB_DB_POOL_SIZE=" + spec.dbPoolSize(),
                    "LAB_DB_ACQUIRE_TIMEOUT_MS=" + DB_ACQUIRE_TIMEOUT_MS));
        }
        String id = docker.createContainerCmd(images.image(spec.workerModule()))
                .withName(label.name(prefix + "-" + spec.workerRole() + "-" + index))
                .withLabels(label.labels())
                .withEnv(env)
                .withCmd(spec.workerCommand("balancer:5701"))
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
        if (database != null) {
            containers.add(database);
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
        if (databaseVolume != null) {
            try {
                docker.removeVolumeCmd(databaseVolume).exec();
            } catch (RuntimeException e) {
                // The run's Cleanup removes volumes by label.
            }
        }
    }
}
