package dev.syncasync.bench;

import dev.syncasync.commandline.Cli;
import dev.syncasync.commandline.Version;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./lab tasks [--n N]}: the seed's table of a million tasks, in Java ({@link TaskTable}).
 */
@Command(name = "tasks", header = "Start N tasks that each wait, four ways, and compare time and memory (under a minute).",
        mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
        description = {"The seed's table (1,000,000 coroutines 7 s and 1112 MB, threads 44 s and 2660 MB, processes "
                + "379 s) in Java: virtual threads, timers on one Vert.x event loop, platform threads (at most --threads, "
                + "then scaled up to N) and JVM processes (--processes of them, then scaled up), each kind in a fresh "
                + "JVM. Creation time counts until every task waits; memory is the resident set it added."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:measured", "1:it failed at run time", "2:a bad option"})
public final class TasksCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--n", paramLabel = "N", description = "Tasks per kind (default: 1,000,000).")
    int n = 1_000_000;

    @Option(names = "--threads", paramLabel = "N", description = "Most platform threads to start; beyond, the row "
            + "is scaled up to N (default: 20,000, so the machine stays usable).")
    int threads = 20_000;

    @Option(names = "--processes", paramLabel = "N", description = "JVMs to start, then scaled up to N (default: 20).")
    int processes = 20;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Cli.inRange(spec, "--n", n, 1, 10_000_000);
        Cli.inRange(spec, "--threads", threads, 1, 1_000_000);
        Cli.inRange(spec, "--processes", processes, 1, 200);
        TaskTable table = new TaskTable(n, threads, processes, 600_000);
        System.out.println(String.format(Locale.ROOT, "./lab tasks: %,d tasks that each wait, four ways, each kind in a "
                + "fresh JVM", n));
        System.out.println(machine());
        long start = System.nanoTime();
        List<TaskResult> results = table.measure(line -> System.err.println("tasks: " + line));
        System.out.println();
        System.out.print(table.render(results));
        System.out.println(String.format(Locale.ROOT, "(%.0f s in all)", (System.nanoTime() - start) / 1e9));
        return Cli.OK;
    }

    private static String machine() {
        Machine m = Machine.describe();
        return "JDK " + m.jdk() + "; " + m.kernel() + " " + System.getProperty("os.arch") + ", " + m.cores() + " CPUs ("
                + m.cpu() + "), " + memory() + " RAM";
    }

    private static String memory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return String.format(Locale.ROOT, "%.1f GB", Long.parseLong(line.replaceAll("\\D", "")) / 1024.0 / 1024.0);
                }
            }
        } catch (IOException | RuntimeException e) {
            // below
        }
        return "? GB";
    }
}
