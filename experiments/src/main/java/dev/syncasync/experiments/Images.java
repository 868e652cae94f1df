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

    /** Makes sure every image exists; builds the missing ones (all of them with {@code options.build()}). */
    static void ensure(DockerClient docker, ImageOptions options, Path log, Progress progress) {
        for (String module : MODULES) {
            String image = options.image(module);
            if (!options.build() && exists(docker, image)) {
                continue;
            }
            progress.say("building " + image + " from " + module + "/Dockerfile (base images " + options.jdkImage()
                    + ", " + options.jreImage() + "; log " + log + ")");
            long start = System.nanoTime();
            build(docker, options, module, log);
            progress.say(String.format("built %s in %d s", image, (System.nanoTime() - start) / 1_000_000_000L));
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

    private static void build(DockerClient docker, ImageOptions options, String module, Path log) {
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
