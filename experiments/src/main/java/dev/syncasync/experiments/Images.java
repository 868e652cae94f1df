package dev.syncasync.experiments;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.BuildResponseItem;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The project's four images, built through the engine's build API from the project's own
 * Dockerfiles (the same files {@code docker compose build} uses), or reused when they exist.
 * Built one after another: the first runs the shared Maven stage, the others take it from the
 * layer cache.
 */
final class Images {

    static final List<String> MODULES = List.of("balancer", "sync-worker", "async-worker", "gatling");

    private Images() {
    }

    /**
     * Makes sure every image exists and was built from these sources; builds the missing ones and
     * the ones built from other sources (all of them with {@code options.build()}).
     */
    static void ensure(DockerClient docker, ImageOptions options, Path log, Progress progress) {
        String sources = SourceFingerprint.of(options.repositoryRoot());
        for (String module : MODULES) {
            String image = options.image(module);
            String builtFrom = builtFrom(docker, image);
            if (!options.build() && sources.equals(builtFrom)) {
                continue;
            }
            String why = options.build() ? "--build" : builtFrom == null ? "missing"
                    : builtFrom.isEmpty() ? "built from unknown sources" : "built from other sources (" + builtFrom + ")";
            progress.say("building " + image + " from " + module + "/Dockerfile (" + why + "; sources " + sources
                    + "; base images " + options.jdkImage() + ", " + options.jreImage() + "; log " + log + ")");
            long start = System.nanoTime();
            build(docker, options, module, log, sources);
            progress.say(String.format("built %s in %d s", image, (System.nanoTime() - start) / 1_000_000_000L));
        }
    }

    /** The sources digest an image was built from: null when it does not exist, "" when it has no label. */
    static String builtFrom(DockerClient docker, String image) {
        try {
            var config = docker.inspectImageCmd(image).exec().getConfig();
            var labels = config == null ? null : config.getLabels();
            return labels == null ? "" : labels.getOrDefault(SourceFingerprint.LABEL, "");
        } catch (NotFoundException e) {
            return null;
        }
    }

    static boolean exists(DockerClient docker, String image) {
        try {
            docker.inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    private static void build(DockerClient docker, ImageOptions options, String module, Path log, String sources) {
        Path root = options.repositoryRoot();
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND))) {
            BuildImageResultCallback callback = new BuildImageResultCallback() {
                @Override
                public void onNext(BuildResponseItem item) {
                    if (item.getStream() != null) {
                        out.print(item.getStream());
                    }
                    if (item.getErrorDetail() != null) {
                        out.println("ERROR: " + item.getErrorDetail().getMessage());
                    }
                    super.onNext(item);
                }
            };
            // pull=false: the base images are whatever the engine has (no registry may be reachable);
            // a missing one fails with the engine's own message, which names it.
            docker.buildImageCmd()
                    .withBaseDirectory(root.toFile())
                    .withDockerfile(root.resolve(module).resolve("Dockerfile").toFile())
                    .withBuildArg("JDK_IMAGE", options.jdkImage())
                    .withBuildArg("JRE_IMAGE", options.jreImage())
                    .withTags(Set.of(options.image(module)))
                    .withLabels(java.util.Map.of(SourceFingerprint.LABEL, sources))
                    .withPull(false)
                    .withForcerm(true)
                    .exec(callback)
                    .awaitImageId(30, TimeUnit.MINUTES);
        } catch (IOException e) {
            throw new ExperimentException("cannot write the build log " + log + ": " + e.getMessage());
        } catch (RuntimeException e) {
            throw new ExperimentException("building " + options.image(module) + " failed: " + Engine.rootCause(e)
                    + " (see " + log + "; on a machine without a registry, build local base images with "
                    + "scripts/base-images.sh and pass them as --jdk-image/--jre-image)");
        }
    }
}
