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
 */
record ExperimentOptions(ImageOptions images, Path configDir, Path resultsDir) {

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
            return new ExperimentOptions(images.withBuild(build), home.resolve("config"), dir);
        }
    }
}
