package dev.syncasync.experiments;

import com.github.dockerjava.api.DockerClient;
import dev.syncasync.admin.AdminClient;
import dev.syncasync.admin.WorkerView;
import dev.syncasync.measurements.Percentiles;
import dev.syncasync.measurements.RequestSamples.Sample;
import dev.syncasync.measurements.RequestSamples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code ./lab chaos}: a lab of containers under a steady, bounded load from a Gatling
 * container; once the load runs, one worker container is killed, paused or restarted through
 * the API. The report says what the clients saw (failed requests), how long the balancer took
 * to stop routing to the worker, and how long it took to route to it again.
 */
final class Chaos {

    private static final Duration POLL = Duration.ofMillis(50);

    private final DockerClient docker;
    private final RunLabel label;
    private final ExperimentOptions options;
    private final Progress progress;

    Chaos(DockerClient docker, RunLabel label, ExperimentOptions options, Progress progress) {
        this.docker = docker;
        this.label = label;
        this.options = options;
        this.progress = progress;
    }

    ChaosResult run(ChaosOptions chaos) throws IOException, InterruptedException {
        Path dir = Files.createDirectories(options.resultsDir());
        options.ensureImages(docker, dir.resolve("build.log"), progress);
        String action = chaos.action().name().toLowerCase(java.util.Locale.ROOT);
        progress.say("chaos: " + action + " worker " + chaos.worker() + " of a lab of " + chaos.lab() + " under "
                + chaos.simulation() + " " + String.join(" ", chaos.parameters()) + "; results in " + dir);
        try (Lab lab = options.startLab(docker, label, "c", chaos.lab())) {
            String victim = lab.workers().get(chaos.worker() - 1);
            String address = lab.workerAddress(victim);
            DockerClient engine = lab.engineOf(victim);
            if (engine == null) {
                throw new ExperimentException("the victim runs on " + lab.node(victim) + ", whose engine this run cannot "
                        + "reach: LAB_SWARM_ENGINES=" + lab.node(victim) + "=DOCKER_HOST-of-that-node,...");
            }
            String name = engine.inspectContainerCmd(victim).exec().getName().replaceFirst("^/", "");
            progress.say("lab up: admin API on " + lab.adminEndpoint() + "; victim " + name + " at " + address + " on "
                    + lab.node(victim));
            Generator gatling = lab.generator(options.images().image("gatling"));
            String id = gatling.start("c-gatling", dir, chaos.simulation(), chaos.parameters());
            long ejected;
            Long back;
            GatlingContainer.Result result;
            try {
                awaitTraffic(lab.admin(), address);
                ejected = breakWorker(engine, chaos.action(), victim, lab.admin(), address);
                back = chaos.action() == ChaosOptions.Action.KILL ? null
                        : recover(engine, chaos.action(), victim, lab.admin(), address);
                result = gatling.await(id, dir, dir.resolve("gatling.log"), 600);
            } finally {
                gatling.remove(id);
            }
            List<Sample> samples = result.report() == null ? List.of()
                    : RequestSamples.read(result.report().resolve("requests.csv"));
            double[] sorted = samples.stream().mapToDouble(Sample::responseMs).sorted().toArray();
            ChaosResult r = new ChaosResult(action, chaos.lab().toString(), name, address,
                    chaos.simulation() + " " + String.join(" ", chaos.parameters()), samples.size(),
                    (int) samples.stream().filter(s -> !s.ok()).count(),
                    sorted.length == 0 ? Double.NaN : Percentiles.nearestRank(sorted, 0.99),
                    sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1], ejected, back,
                    result.report() == null ? "-" : result.report().toString());
            r.write(dir);
            System.out.print(r.text());
            progress.say("wrote " + dir.resolve("chaos.txt") + " and chaos.json");
            return r;
        }
    }

    /** Waits until the victim has served measured requests, so the break lands in the load, not before it. */
    private void awaitTraffic(AdminClient admin, String address) {
        long[] first = {-1};
        boolean flowing = Deadline.await(Duration.ofSeconds(120), Duration.ofMillis(100), () -> {
            long served = worker(admin, address).map(WorkerView::served).orElse(0L);
            if (first[0] < 0 && served > 0) {
                first[0] = served;
            }
            // The warm-up reaches it first; some more requests after that are the measured load.
            return first[0] >= 0 && served >= first[0] + 10;
        });
        if (!flowing) {
            throw new ExperimentException("the load never reached worker " + address + " within 120 s");
        }
    }

    private long breakWorker(DockerClient engine, ChaosOptions.Action action, String victim, AdminClient admin,
                             String address) {
        long start = System.nanoTime();
        switch (action) {
            case KILL, RESTART -> engine.killContainerCmd(victim).exec();
            case PAUSE -> engine.pauseContainerCmd(victim).exec();
        }
        progress.say(action.name().toLowerCase(java.util.Locale.ROOT) + " sent to the worker at " + address);
        boolean ejected = Deadline.await(Duration.ofSeconds(30), POLL,
                () -> worker(admin, address).map(w -> !w.state().equals("ready")).orElse(true));
        long ms = ejected ? Deadline.msSince(start) : -1;
        progress.say(ejected ? "the balancer stopped routing to it after " + ms + " ms" : "NOT ejected within 30 s");
        return ms;
    }

    private long recover(DockerClient engine, ChaosOptions.Action action, String victim, AdminClient admin,
                         String address) throws IOException {
        Optional<WorkerView> before = worker(admin, address);
        long start = System.nanoTime();
        if (action == ChaosOptions.Action.PAUSE) {
            engine.unpauseContainerCmd(victim).exec();
        } else {
            engine.startContainerCmd(victim).exec();
        }
        progress.say((action == ChaosOptions.Action.PAUSE ? "unpaused" : "started") + " the worker again");
        // Back = ready in the registry and its served counter moved past what it had at the break
        // (a re-registered worker is a new entry that starts from 0).
        boolean back = Deadline.await(Duration.ofSeconds(90), POLL, () -> worker(admin, address)
                .filter(w -> w.state().equals("ready"))
                .filter(w -> before.isEmpty() || !before.get().id().equals(w.id()) ? w.served() > 0
                        : w.served() > before.get().served())
                .isPresent());
        long ms = back ? Deadline.msSince(start) : -1;
        progress.say(back ? "it took traffic again after " + ms + " ms" : "NOT back within 90 s");
        return ms;
    }

    private static Optional<WorkerView> worker(AdminClient admin, String address) throws IOException {
        return admin.workers().workers().stream().filter(w -> w.address().equals(address)).findFirst();
    }
}
