package dev.syncasync.experiments;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.ContainerSpec;
import com.github.dockerjava.api.model.EndpointResolutionMode;
import com.github.dockerjava.api.model.EndpointSpec;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.NetworkAttachmentConfig;
import com.github.dockerjava.api.model.ResourceRequirements;
import com.github.dockerjava.api.model.ResourceSpecs;
import com.github.dockerjava.api.model.ServiceModeConfig;
import com.github.dockerjava.api.model.ServicePlacement;
import com.github.dockerjava.api.model.ServiceReplicatedModeOptions;
import com.github.dockerjava.api.model.ServiceRestartCondition;
import com.github.dockerjava.api.model.ServiceRestartPolicy;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.api.model.StreamType;
import com.github.dockerjava.api.model.TaskSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Gatling run as a one-shot service (one task, never restarted) on a node labelled
 * {@code lab.generator=true}. Its reports cannot be bind-mounted from this machine, which is not
 * that node: the task packs /results as a base64 tar.gz on its standard output at the end, and
 * {@link #await} unpacks it from the service's logs, which the manager serves for any node.
 */
final class SwarmGatling implements Generator {

    private static final String BEGIN = "lab-results-begin";
    private static final String END = "lab-results-end";
    /** RunSimulation as the image runs it, then the reports on stdout; the exit code stays the run's. */
    private static final String SCRIPT = "/app/run-simulation \"$@\"; rc=$?; echo " + BEGIN + "; "
            + "tar -C /results -czf - . | base64; echo " + END + "; exit $rc";

    private final Swarm swarm;
    private final DockerClient docker;
    private final RunLabel label;
    private final String image;
    private final String network;

    SwarmGatling(Swarm swarm, RunLabel label, String image, String network) {
        this.swarm = swarm;
        this.docker = swarm.manager();
        this.label = label;
        this.image = image;
        this.network = network;
    }

    @Override
    public String start(String name, Path results, String simulation, List<String> parameters) {
        List<String> args = new ArrayList<>(List.of("-c", SCRIPT, "gatling", simulation));
        args.addAll(parameters);
        ServiceSpec spec = new ServiceSpec().withName(label.name(name)).withLabels(label.labels())
                .withTaskTemplate(new TaskSpec()
                        .withContainerSpec(new ContainerSpec().withImage(image).withLabels(label.labels())
                                .withCommand(List.of("bash")).withArgs(args))
                        .withPlacement(new ServicePlacement().withConstraints(List.of("node.labels.lab.generator == true")))
                        .withResources(new ResourceRequirements().withLimits(new ResourceSpecs().withMemoryBytes(1L << 30)))
                        .withRestartPolicy(new ServiceRestartPolicy().withCondition(ServiceRestartCondition.NONE))
                        .withNetworks(List.of(new NetworkAttachmentConfig().withTarget(network))))
                .withMode(new ServiceModeConfig().withReplicated(new ServiceReplicatedModeOptions().withReplicas(1)))
                .withEndpointSpec(new EndpointSpec().withMode(EndpointResolutionMode.DNSRR));
        return docker.createServiceCmd(spec).exec().getId();
    }

    @Override
    public GatlingContainer.Result await(String id, Path results, Path log, long timeoutS)
            throws IOException, InterruptedException {
        Swarm.TaskView[] done = new Swarm.TaskView[1];
        boolean ended = Deadline.await(Duration.ofSeconds(timeoutS), Duration.ofMillis(500), () -> {
            done[0] = swarm.tasks(id).stream().filter(Swarm.TaskView::finished).findFirst().orElse(null);
            return done[0] != null;
        });
        if (!ended) {
            throw new ExperimentException("the Gatling run did not end within " + timeoutS + " s (docker service logs "
                    + id.substring(0, 12) + ")");
        }
        // The manager gathers the logs from the generator's node: wait until the end marker arrived.
        Logs logs = new Logs();
        Deadline.await(Duration.ofSeconds(30), Duration.ofMillis(500), () -> {
            logs.read(docker, id);
            return logs.stdout().contains(END);
        });
        unpack(logs.stdout(), results);
        Files.writeString(log, logs.stdout().replaceAll("(?s)" + BEGIN + ".*?" + END + "\n?", "") + logs.stderr());
        return GatlingContainer.result(done[0].exitCode(), results, log);
    }

    /** The base64 tar.gz between the markers, unpacked into {@code results} by tar. */
    private static void unpack(String stdout, Path results) throws IOException, InterruptedException {
        int begin = stdout.indexOf(BEGIN);
        int end = stdout.indexOf(END);
        if (begin < 0 || end < begin) {
            return;
        }
        byte[] archive = Base64.getMimeDecoder().decode(stdout.substring(begin + BEGIN.length(), end).strip());
        Files.createDirectories(results);
        Process tar = new ProcessBuilder("tar", "-xzf", "-", "-C", results.toString()).redirectErrorStream(true).start();
        try (OutputStream in = tar.getOutputStream()) {
            in.write(archive);
        }
        String out = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!tar.waitFor(60, TimeUnit.SECONDS) || tar.exitValue() != 0) {
            throw new ExperimentException("could not unpack the Gatling reports: " + out);
        }
    }

    @Override
    public void remove(String id) {
        docker.removeServiceCmd(id).exec();
    }

    @Override
    public String node(String id) {
        return swarm.tasks(id).stream().map(Swarm.TaskView::node).filter(n -> !n.isEmpty()).findFirst().orElse("?");
    }

    /** A service's logs so far, stdout and stderr apart. */
    private static final class Logs {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteArrayOutputStream err = new ByteArrayOutputStream();

        void read(DockerClient docker, String service) throws InterruptedException {
            out.reset();
            err.reset();
            docker.logServiceCmd(service).withStdout(true).withStderr(true).exec(new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame frame) {
                    (frame.getStreamType() == StreamType.STDERR ? err : out).writeBytes(frame.getPayload());
                }
            }).awaitCompletion(60, TimeUnit.SECONDS);
        }

        String stdout() {
            return out.toString(StandardCharsets.UTF_8);
        }

        String stderr() {
            return err.toString(StandardCharsets.UTF_8);
        }
    }
}
