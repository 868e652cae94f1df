package dev.syncasync.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The experiments against a real engine with the project's images: skipped, with the reason
 * printed, where no engine answers or no images can be had (no registry, no local base images).
 * scripts/experiments-e2e.sh provides both.
 */
class ContainerExperimentsTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static DockerClient docker;
    private static Map<String, String> env;
    private static String skipReason;

    @BeforeAll
    static void an_engine_and_the_images() {
        env = new HashMap<>(System.getenv());
        try {
            docker = Engine.connect(env);
        } catch (ExperimentException e) {
            skipReason = e.getMessage();
        }
        ImageOptions images = ImageOptions.fromEnvironment(ROOT, env);
        // Images built from other sources are rebuilt (SourceFingerprint), which needs the base images
        // just as missing ones do: present is not enough.
        String sources = skipReason == null ? SourceFingerprint.of(ROOT) : null;
        if (skipReason == null
                && !Images.MODULES.stream().allMatch(m -> sources.equals(Images.builtFrom(docker, images.image(m))))
                && !(Images.exists(docker, images.jdkImage()) && Images.exists(docker, images.jreImage()))) {
            skipReason = "the images " + images.image("*") + " are missing or built from other sources, and the base "
                    + "images " + images.jdkImage() + ", " + images.jreImage() + " are not on the engine (no registry "
                    + "here: eval \"$(scripts/base-images.sh)\")";
        }
        if (skipReason != null) {
            // Printed as well: surefire's summary shows a count, not the reason.
            System.out.println("SKIPPED ContainerExperimentsTest: " + skipReason);
        }
        System.setProperty("lab.home", ROOT.toString());
    }

    /** What other runs on this engine (a developer's ./lab sweep, another checkout's) already left. */
    private Set<String> labelledBefore;

    @BeforeEach
    void needs_the_engine() {
        Assumptions.assumeTrue(skipReason == null, () -> skipReason);
        labelledBefore = labelled();
    }

    @Test
    void a_two_point_sweep_writes_real_throughput_and_memory_readings(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("two.yml");
        Files.writeString(file, """
                simulation: HundredRequests
                parameters: [users=20, io=50, warmup=20]
                timeout-s: 120
                sync:
                  workers: [2]
                async:
                  workers: [1]
                """);
        Path results = dir.resolve("results");

        int exit = ExperimentsMain.run(new String[] {"sweep", file.toString(), "--results", results.toString()}, env);

        // 3: a point the disturbance guard found disturbed in every attempt (a busy machine); its readings are still real.
        assertThat(exit).isIn(0, Sweep.DISTURBED);
        List<String> lines = Files.readAllLines(results.resolve("sweep.csv"));
        assertThat(lines).hasSize(3);
        List<String> header = Arrays.asList(lines.get(0).split(","));
        assertThat(header).endsWith("attempts", "disturbed");
        for (String line : lines.subList(1, 3)) {
            String[] row = line.split(",", -1);
            assertThat(number(row, header, "requests")).isEqualTo(20);
            assertThat(number(row, header, "failed")).isZero();
            // 20 requests of 50 ms on at least 2 slots: between a few and 400 per second.
            assertThat(number(row, header, "throughput_rps")).isBetween(5.0, 400.0);
            assertThat(number(row, header, "p50_ms")).isGreaterThanOrEqualTo(50.0);
            // A JVM worker in a 384 MiB container: tens of MiB at least, never above its limit.
            assertThat(number(row, header, "worker_mem_mean_mib")).isBetween(20.0, 384.0);
            assertThat(number(row, header, "balancer_mem_max_mib")).isBetween(20.0, 768.0);
            assertThat(number(row, header, "worker_cpu_max_pct")).isGreaterThan(0.0);
        }
        assertThat(Files.readString(results.resolve("index.html"))).contains("<svg ");
        assertNothingLeft();
    }

    @Test
    void a_pool_size_sweep_gives_the_virtual_pool_a_database_of_its_own_and_measures_the_waves(@TempDir Path dir)
            throws IOException {
        ImageOptions images = ImageOptions.fromEnvironment(ROOT, env);
        Assumptions.assumeTrue(Images.exists(docker, images.postgresImage()), () -> "SKIPPED: the database image "
                + images.postgresImage() + " is not on the engine (eval \"$(scripts/base-images.sh)\" sets LAB_POSTGRES_IMAGE)");
        Path file = dir.resolve("db.yml");
        Files.writeString(file, """
                simulation: DatabaseBottleneck
                parameters: [users=20, db=100, warmup=20]
                timeout-s: 120
                db:
                  pool-size: [2]
                virtual:
                  workers: [1]
                """);
        Path results = dir.resolve("results");

        int exit = ExperimentsMain.run(new String[] {"sweep", file.toString(), "--results", results.toString()}, env);

        // Exit 0: the point measured inside the lab's band around ceil(20 / 2) = 10 waves of db=100;
        // 3: other processes disturbed every attempt (no verdict), never 1 (outside the band).
        assertThat(exit).isIn(0, Sweep.DISTURBED);
        List<String> lines = Files.readAllLines(results.resolve("db-pool.csv"));
        assertThat(lines).hasSize(2);
        List<String> header = Arrays.asList(lines.get(0).split(","));
        String[] row = lines.get(1).split(",", -1);
        assertThat(row[header.indexOf("topology")]).isEqualTo("virtual");
        assertThat(number(row, header, "connections")).isEqualTo(2);
        assertThat(number(row, header, "waves")).isEqualTo(10);
        assertThat(number(row, header, "failed")).isZero();
        // Ten waves of pg_sleep(0.1) one after another cannot end sooner than one second.
        assertThat(number(row, header, "measured_max_ms")).isGreaterThanOrEqualTo(1000.0);
        assertThat(Files.readString(results.resolve("index.html"))).contains("Makespan against the connection pool",
                "class=\"line virtual\"", "class=\"line virtual dashed\"");
        assertNothingLeft();
    }

    @Test
    void a_killed_worker_is_ejected_and_the_clients_failures_are_counted(@TempDir Path dir) throws IOException {
        Path results = dir.resolve("results");

        int exit = ExperimentsMain.run(new String[] {"chaos", "--kill", "--worker", "2", "--simulation", "OpenModelRamp",
                "rates=20", "duration=8", "io=50", "warmup=20", "--results", results.toString()}, env);

        assertThat(exit).isEqualTo(0);
        JsonNode report = new ObjectMapper().readTree(results.resolve("chaos.json").toFile());
        // A refused connection ejects at once; the health check every second is the slow path.
        assertThat(report.path("ejectedMs").asLong()).isBetween(0L, 5_000L);
        assertThat(report.path("requests").asInt()).isGreaterThan(100);
        assertThat(report.path("failed").isInt()).isTrue();
        assertThat(Files.readString(results.resolve("chaos.txt"))).contains("ejected:", "failed (not 200)");
        assertNothingLeft();
    }

    /**
     * Nothing this test's run created is left: no container, no network with the lab's run label
     * that was not there before the test (the engine may be shared with other runs).
     */
    private void assertNothingLeft() {
        Set<String> left = labelled();
        left.removeAll(labelledBefore);
        assertThat(left).as("containers, networks and volumes this run left on the engine").isEmpty();
    }

    private static Set<String> labelled() {
        Set<String> ids = new HashSet<>();
        docker.listContainersCmd().withShowAll(true).withLabelFilter(List.of(RunLabel.KEY)).exec()
                .forEach(c -> ids.add("container " + c.getNames()[0] + " " + c.getId()));
        docker.listNetworksCmd().withFilter("label", List.of(RunLabel.KEY)).exec()
                .forEach(n -> ids.add("network " + n.getName() + " " + n.getId()));
        var volumes = docker.listVolumesCmd().withFilter("label", List.of(RunLabel.KEY)).exec().getVolumes();
        if (volumes != null) {
            volumes.forEach(v -> ids.add("volume " + v.getName()));
        }
        return ids;
    }

    private static double number(String[] row, List<String> header, String column) {
        return Double.parseDouble(row[header.indexOf(column)]);
    }
}
