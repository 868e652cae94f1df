package dev.syncasync.bench;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The util-linux {@code taskset} command: which cores this process may use, and pinning a running
 * process (every thread of it) to some of them. The JDK has no affinity API, and taskset is what
 * an operator would use too.
 */
final class Taskset {

    private static final Path STATUS = Path.of("/proc/self/status");

    private Taskset() {
    }

    /** Raised when the kernel or taskset refuses to pin; the run then falls back to shared. */
    static final class PinFailed extends RuntimeException {
        PinFailed(String message) {
            super(message);
        }
    }

    /** The taskset executable on the PATH, if any (what {@code command -v taskset} finds). */
    static Optional<Path> find() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "taskset");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The cores this process may run on ({@code Cpus_allowed_list}); empty if unknown. */
    static List<Integer> allowedCpus() {
        try {
            return Files.readAllLines(STATUS).stream()
                    .filter(l -> l.startsWith("Cpus_allowed_list:"))
                    .map(l -> parseCpuList(l.substring(l.indexOf(':') + 1)))
                    .findFirst().orElse(List.of());
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** A kernel cpu list such as {@code 0-2,5} as the cores it names, in order. */
    static List<Integer> parseCpuList(String text) {
        List<Integer> cpus = new ArrayList<>();
        for (String part : text.trim().split(",")) {
            if (part.isBlank()) {
                continue;
            }
            String[] range = part.trim().split("-");
            int from = Integer.parseInt(range[0]);
            int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
            for (int cpu = from; cpu <= to; cpu++) {
                cpus.add(cpu);
            }
        }
        return cpus;
    }

    /**
     * Pins every thread of process {@code pid} to {@code cpus} ({@code taskset -a -p -c CPUS PID}).
     * Threads started later inherit the mask of the thread that starts them, so they stay there too.
     */
    static void pin(Path taskset, long pid, String cpus) {
        List<String> command = command(taskset, pid, cpus);
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new PinFailed(String.join(" ", command) + " failed: " + lastLine(output));
            }
        } catch (IOException e) {
            throw new PinFailed(String.join(" ", command) + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PinFailed("interrupted while pinning");
        }
    }

    /** The command line of {@link #pin}. */
    static List<String> command(Path taskset, long pid, String cpus) {
        return List.of(taskset.toString(), "-a", "-p", "-c", cpus, Long.toString(pid));
    }

    /** {@code 0,1}: a cpu list taskset reads. */
    static String list(List<Integer> cpus) {
        return String.join(",", cpus.stream().map(String::valueOf).toList());
    }

    private static String lastLine(String output) {
        int nl = output.lastIndexOf('\n');
        return nl < 0 ? output : output.substring(nl + 1);
    }
}
