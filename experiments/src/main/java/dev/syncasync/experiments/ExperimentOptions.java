package dev.syncasync.experiments;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options both commands share.
 *
 * @param images     which images and whether to build them
 * @param configDir  the config directory mounted read-only into the lab's containers
 * @param resultsDir where this run writes ({@code results/<timestamp>})
 * @param engine     {@code docker}: labs of containers on one engine; {@code swarm}: labs of services on
 *                   the swarm whose manager DOCKER_HOST is, placed by node labels
 * @param swarm      that swarm once connected (null with {@code docker})
 */
record ExperimentOptions(ImageOptions images, Path configDir, Path resultsDir, String engine, Swarm swarm) {

    ExperimentOptions withSwarm(Swarm connected) {
        return new ExperimentOptions(images, configDir, resultsDir, engine, connected);
    }

    boolean onSwarm() {
        return engine.equals("swarm");
    }

    /** A lab of {@code spec} on this run's engine. */
    Lab startLab(com.github.dockerjava.api.DockerClient docker, RunLabel label, String prefix, LabSpec spec) {
        return swarm == null ? ContainerLab.start(docker, label, prefix, spec, images, configDir)
                : SwarmLab.start(swarm, label, prefix, spec, images, configDir);
    }

    /** The images on one engine are built when missing; a swarm's nodes pull them from a registry. */
    void ensureImages(com.github.dockerjava.api.DockerClient docker, Path log, Progress progress) {
        if (swarm == null) {
            Images.ensure(docker, images, log, progress);
        } else {
            progress.say("swarm: every node pulls " + images.image("<server>") + " (build and push them first; "
                    + "LAB_IMAGE_REPO names a registry the nodes reach)");
        }
    }

    /** The shared options as picocli reads them (a mixin of {@code sweep} and {@code chaos}). */
    static final class Mixin {

        @Option(names = "--jdk-image", paramLabel = "IMAGE", description = "Base image of the images' build stage "
                + "(env LAB_JDK_IMAGE; default: the public eclipse-temurin:21-jdk).")
        String jdkImage;

        @Option(names = "--jre-image", paramLabel = "IMAGE", description = "Base image of the images' runtime stage "
                + "(env LAB_JRE_IMAGE; default: the public eclipse-temurin:21-jre).")
        String jreImage;

        @Option(names = "--build", description = "Build the images even when they exist (after a source change).")
        boolean build;

        @Option(names = "--results", paramLabel = "DIR", description = "Write here instead of results/<timestamp>.")
        Path results;

        @Option(names = "--engine", paramLabel = "docker|swarm", description = "docker: containers on the engine at "
                + "DOCKER_HOST (default); swarm: services on the swarm whose manager DOCKER_HOST is, the balancer, the "
                + "workers and Gatling on nodes labelled lab.balancer, lab.workers and lab.generator (env "
                + "LAB_SWARM_ENGINES=node=DOCKER_HOST,... for the stats and chaos of single nodes).")
        String engine = "docker";

        /** The options against the project at {@code home} and the environment {@code env}. */
        ExperimentOptions resolve(Path home, Map<String, String> env) {
            ImageOptions images = ImageOptions.fromEnvironment(home, env);
            if (jdkImage != null) {
                images = images.withJdk(jdkImage);
            }
            if (jreImage != null) {
                images = images.withJre(jreImage);
            }
            Path dir = results != null ? results.toAbsolutePath() : home.resolve("results")
                    .resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
            if (!engine.equals("docker") && !engine.equals("swarm")) {
                throw new dev.syncasync.commandline.UserError("--engine must be docker or swarm, got '" + engine + "'");
            }
            return new ExperimentOptions(images.withBuild(build), home.resolve("config"), dir, engine, null);
        }
    }
}
