package dev.syncasync.experiments;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The options both commands share, and what is left for the command itself.
 *
 * @param images     which images and whether to build them
 * @param configDir  the config directory mounted read-only into the lab's containers
 * @param resultsDir where this run writes ({@code results/<timestamp>})
 * @param rest       the arguments no shared option took, in order
 */
record ExperimentOptions(ImageOptions images, Path configDir, Path resultsDir, List<String> rest) {

    static final String USAGE = """
            shared options: --jdk-image IMAGE --jre-image IMAGE   base images of a build (env LAB_JDK_IMAGE,
                                LAB_JRE_IMAGE; default the public eclipse-temurin:21 images)
                            --build          build the images even when they exist (after a source change)
                            --results DIR    write here instead of results/<timestamp>""";

    ExperimentOptions {
        rest = List.copyOf(rest);
    }

    /** Parses {@code args} against the project at {@code home} and the environment {@code env}. */
    static ExperimentOptions parse(List<String> args, Path home, Map<String, String> env) {
        ImageOptions images = ImageOptions.fromEnvironment(home, env);
        Path results = home.resolve("results")
                .resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            switch (arg) {
                case "--jdk-image" -> images = images.withJdk(value(args, ++i, arg));
                case "--jre-image" -> images = images.withJre(value(args, ++i, arg));
                case "--build" -> images = images.withBuild(true);
                case "--results" -> results = Path.of(value(args, ++i, arg)).toAbsolutePath();
                default -> rest.add(arg);
            }
        }
        return new ExperimentOptions(images, home.resolve("config"), results, rest);
    }

    static String value(List<String> args, int i, String option) {
        if (i >= args.size() || args.get(i).startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(i);
    }
}
