package dev.syncasync.server;

import dev.syncasync.config.ConfigLoader;
import dev.syncasync.config.LabConfig;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The options both worker mains share (a picocli mixin): where the settings come from, the
 * worker's id and port, and the registry it joins.
 */
public final class WorkerOptions {

    @Option(names = "--config", paramLabel = "FILE",
            description = "Read the settings from this topology file (default: the defaults in code); "
                    + "LAB_* environment variables override either.")
    Path config;

    @Option(names = "--id", paramLabel = "ID",
            description = "The worker's id (default: from the file, or a unique one with --join).")
    String id;

    @Option(names = "--port", paramLabel = "N", description = "The HTTP port; 0 picks a free one.")
    Integer port;

    @Option(names = "--join", paramLabel = "HOST[:PORT][,...]",
            description = "Join the registry of a running lab there and leave it gracefully on SIGTERM.")
    String join;

    /** The whole config: the file given with --config, or the defaults in code; both with LAB_* overrides. */
    public LabConfig labConfig() {
        return config == null ? ConfigLoader.fromEnvironment() : ConfigLoader.load(config);
    }

    public Optional<String> id() {
        return Optional.ofNullable(id);
    }

    public Optional<Integer> port() {
        return Optional.ofNullable(port);
    }

    public Optional<String> join() {
        return Optional.ofNullable(join);
    }
}
