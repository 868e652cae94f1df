package dev.syncasync.experiments;

import dev.syncasync.commandline.Version;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./lab sweep [FILE]}: its options, then {@link Experiments#sweep}. */
@Command(name = "sweep", header = "One lab of containers per point of a sweep file (Docker).",
        mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Each point gets a lab of its own through the Docker API: results/<time>/sweep.csv, "
                + "containers.csv and index.html."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every point measured",
            "1:it failed at run time, or a plan grid's or DatabaseBottleneck's point that was not disturbed measured "
                + "outside its band",
            "2:a bad option or sweep file, or no Docker engine",
            "3:no point outside its band, but some point was disturbed by other processes or a stall in every attempt "
                + "(no verdict on it)"})
public final class SweepCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ExperimentOptions.Mixin shared = new ExperimentOptions.Mixin();

    @Parameters(arity = "0..1", paramLabel = "FILE", description = "The sweep file (default: "
            + "config/sweeps/small.yml).")
    Path file;

    private final Map<String, String> env;

    /** Reads the engine's address and the image settings from the process environment. */
    public SweepCommand() {
        this(System.getenv());
    }

    SweepCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        Experiments.requireDockerClient(spec);
        Path home = Experiments.home();
        String command = "./lab sweep " + String.join(" ", dev.syncasync.commandline.Cli.typedArgs(spec));
        return Experiments.sweep(shared.resolve(home, env), file != null ? file : home.resolve("config/sweeps/small.yml"),
                env, command.strip());
    }
}
