package dev.syncasync.experiments;

import java.nio.file.Path;
import java.util.Map;

/**
 * Which images a run uses and how it gets them.
 *
 * @param repositoryRoot the project's root: the build context of the four Dockerfiles
 * @param jdkImage       base image of the build stage (build argument {@code JDK_IMAGE})
 * @param jreImage       base image of the runtime stage (build argument {@code JRE_IMAGE})
 * @param tag            the tag of the project's images, {@code sync-async-lab/balancer:<tag>}
 * @param build          true = build even when the images exist (after a source change)
 * @param repository     where the images are named from: {@code sync-async-lab}, or a registry's
 *                       path every swarm node reaches ({@code registry.example:5000/sync-async-lab})
 * @param postgresImage  the database of labs that need one ({@code LAB_POSTGRES_IMAGE}, as docker-compose.yml):
 *                       the official {@code postgres:17} by default; never built or pulled by a run (on a
 *                       machine without a registry, scripts/base-images.sh builds a stand-in)
 */
record ImageOptions(Path repositoryRoot, String jdkImage, String jreImage, String tag, boolean build,
                    String repository, String postgresImage) {

    /** docker-compose.yml's default database image. */
    static final String DEFAULT_POSTGRES = "postgres:17";

    ImageOptions(Path repositoryRoot, String jdkImage, String jreImage, String tag, boolean build, String repository) {
        this(repositoryRoot, jdkImage, jreImage, tag, build, repository, DEFAULT_POSTGRES);
    }

    /** The public base images, as in the Dockerfiles; this machine's stand-ins come from scripts/base-images.sh. */
    static final String DEFAULT_JDK = "eclipse-temurin:21-jdk";
    static final String DEFAULT_JRE = "eclipse-temurin:21-jre";

    /**
     * The defaults, then the environment ({@code LAB_JDK_IMAGE}, {@code LAB_JRE_IMAGE}, {@code LAB_IMAGE_TAG},
     * {@code LAB_IMAGE_REPO}: the names deploy/swarm/lab-stack.yml uses).
     */
    static ImageOptions fromEnvironment(Path root, Map<String, String> env) {
        return new ImageOptions(root, env.getOrDefault("LAB_JDK_IMAGE", DEFAULT_JDK),
                env.getOrDefault("LAB_JRE_IMAGE", DEFAULT_JRE), env.getOrDefault("LAB_IMAGE_TAG", "dev"), false,
                env.getOrDefault("LAB_IMAGE_REPO", "sync-async-lab"),
                env.getOrDefault("LAB_POSTGRES_IMAGE", DEFAULT_POSTGRES));
    }

    ImageOptions withJdk(String image) {
        return new ImageOptions(repositoryRoot, image, jreImage, tag, build, repository, postgresImage);
    }

    ImageOptions withJre(String image) {
        return new ImageOptions(repositoryRoot, jdkImage, image, tag, build, repository, postgresImage);
    }

    ImageOptions withBuild(boolean value) {
        return new ImageOptions(repositoryRoot, jdkImage, jreImage, tag, value, repository, postgresImage);
    }

    /** {@code sync-async-lab/<module>:<tag>} (or under LAB_IMAGE_REPO). */
    String image(String module) {
        return repository + "/" + module + ":" + tag;
    }
}
