package dev.syncasync.experiments;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One run of the gatling image on a lab's internal network, like
 * {@code docker compose run --rm gatling NAME key=value}: its reports land in a host directory
 * bind-mounted at {@code /results}, its console in a log file beside them.
 */
final class GatlingContainer implements Generator {

    /** The demo's Gatling heap (GatlingProcess.JVM_OPTIONS): 2 GiB, 1.2 GiB of it young, metaspace sized up front. */
    static final String HEAP = "-Xms2g -Xmx2g -Xmn1200m -XX:MetaspaceSize=256m";
    /** The container's limit: that heap plus the JVM's own memory. */
    static final long MEMORY_BYTES = 3L << 30;

    /** Where, in the results directory, the Gatling JVM writes its stalls (epoch ms and length). */
    static final String STALLS_FILE = "stalls-gatling.csv";


    /** What the run left: RunSimulation's status (0 = its theory-derived assertions held) and the report. */
    record Result(int exitCode, int status, Path report, Path log) {

        /** The run measured something (status 0 or 1: assertions held or not), rather than failing to start. */
        boolean measured() {
            return report != null && Files.isRegularFile(report.resolve("requests.csv"));
        }
    }

    private final DockerClient docker;
    private final RunLabel label;
    private final String image;
    private final String network;
    private final String node;

    /** Runs of {@code image} on {@code network} of the engine {@code node} (its name, for reports). */
    GatlingContainer(DockerClient docker, RunLabel label, String image, String network, String node) {
        this.docker = docker;
        this.label = label;
        this.image = image;
        this.network = network;
        this.node = node;
    }

    /** Starts the run and returns its container id; {@link #await} waits for it. */
    @Override
    public String start(String name, Path results, String simulation, List<String> parameters) {
        List<String> command = new ArrayList<>();
        command.add(simulation);
        command.addAll(parameters);
        String id = docker.createContainerCmd(image)
                .withName(label.name(name))
                .withLabels(label.labels())
                // As the owner of the results directory, so the reports are theirs (the image's
                // run-simulation says so when it cannot write).
                .withUser(owner(results))
                .withCmd(command)
                // Its JVM's stalls, for the sweep's disturbance guard (PointGuard), and the heap the
                // demo's Gatling has (GatlingProcess.JVM_OPTIONS): a young generation that holds a
                // whole run's garbage, so no collection pauses a measurement. With the image's
                // default (75% of 1 GiB, a third of it young) its JVM stalled 10-18 ms in quiet
                // runs and the guard rightly called points disturbed.
                .withEnv("JAVA_OPTS=" + HEAP + " -Dlab.stallsFile=/results/" + STALLS_FILE)
                .withHostConfig(HostConfig.newHostConfig()
                        .withNetworkMode(network)
                        .withMemory(MEMORY_BYTES)
                        .withBinds(new Bind(results.toAbsolutePath().toString(), new Volume("/results"))))
                .exec().getId();
        docker.startContainerCmd(id).exec();
        return id;
    }

    /** Waits up to {@code timeoutS} for the run to end, writes its console to {@code log}, and reads its result line. */
    @Override
    public Result await(String id, Path results, Path log, long timeoutS) throws IOException, InterruptedException {
        Integer exit;
        try {
            exit = docker.waitContainerCmd(id).exec(new WaitContainerResultCallback())
                    .awaitStatusCode(timeoutS, TimeUnit.SECONDS);
        } catch (RuntimeException e) {
            docker.killContainerCmd(id).exec();
            throw new ExperimentException("the Gatling run did not end within " + timeoutS + " s; its console: " + log);
        } finally {
            saveLog(id, log);
        }
        return result(exit, results, log);
    }

    /** RunSimulation's result line in {@code log} ({@code lab-result NAME STATUS REPORT}), the report under {@code results}. */
    static Result result(Integer exit, Path results, Path log) throws IOException {
        for (String line : Files.readAllLines(log)) {
            if (line.startsWith("lab-result ")) {
                String[] parts = line.split(" ", 4);
                Path report = parts[3].equals("-") ? null : results.resolve(Path.of("/results").relativize(Path.of(parts[3])));
                return new Result(exit, Integer.parseInt(parts[2]), report, log);
            }
        }
        return new Result(exit, 2, null, log);
    }

    @Override
    public void remove(String id) {
        docker.removeContainerCmd(id).withForce(true).exec();
    }

    @Override
    public String node(String id) {
        return node;
    }

    private void saveLog(String id, Path log) throws IOException, InterruptedException {
        try (OutputStream out = Files.newOutputStream(log)) {
            docker.logContainerCmd(id).withStdOut(true).withStdErr(true).exec(new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame frame) {
                    try {
                        out.write(frame.getPayload());
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            }).awaitCompletion(60, TimeUnit.SECONDS);
        }
    }

    static String owner(Path dir) {
        try {
            return Files.getAttribute(dir, "unix:uid") + ":" + Files.getAttribute(dir, "unix:gid");
        } catch (IOException | UnsupportedOperationException e) {
            return "1000:1000";
        }
    }
}
