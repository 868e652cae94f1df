package dev.syncasync.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Which CPUs this JVM's threads may run on, on Linux: read from {@code /proc}, set with
 * {@code taskset} (util-linux). A thread's affinity is inherited by every thread and process
 * it creates, which is what lets the lab give its workers cores of their own: the thread that
 * starts them pins itself first, so every thread a worker creates then or later (Undertow's
 * threads, Vert.x event loops, the offload pool) runs only there.
 *
 * <p>No native code: {@code /proc/thread-self} names the calling thread's id, and
 * {@code taskset -p} sets the affinity of one thread by id ({@code -a}: of every thread of a
 * process).
 */
public final class CpuAffinity {

    private static final Path PROC = Path.of("/proc");

    private CpuAffinity() {
    }

    /** Whether affinity can be read and set here: Linux's {@code /proc} and a {@code taskset} on the PATH. */
    public static boolean available() {
        if (!Files.isSymbolicLink(PROC.resolve("thread-self"))) {
            return false;
        }
        String path = System.getenv("PATH");
        return path != null && Stream.of(path.split(java.io.File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, "taskset")));
    }

    /** The CPUs this process may run on (its main thread's {@code Cpus_allowed_list}). */
    public static List<Integer> processCpus() {
        return parse(allowedList(PROC.resolve("self/status")));
    }

    /** Pins every thread of this process to {@code cpus}. Threads created later inherit their creator's affinity. */
    public static void pinProcess(List<Integer> cpus) {
        taskset(List.of("-a", "-p", "-c", format(cpus), Long.toString(ProcessHandle.current().pid())));
    }

    /** Pins the calling thread to {@code cpus}; the threads and processes it creates from now on inherit it. */
    public static void pinThisThread(List<Integer> cpus) {
        taskset(List.of("-p", "-c", format(cpus), Long.toString(threadId())));
    }

    /** The kernel's id of the calling thread (the TID, not Java's thread id). */
    public static long threadId() {
        try {
            Path self = Files.readSymbolicLink(PROC.resolve("thread-self"));
            return Long.parseLong(self.getFileName().toString());
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("cannot read /proc/thread-self: " + e.getMessage(), e);
        }
    }

    /**
     * Every thread of this process: kernel thread id to its CPUs. Threads that end while they
     * are read are left out.
     */
    public static Map<Long, List<Integer>> threads() {
        Map<Long, List<Integer>> out = new LinkedHashMap<>();
        try (Stream<Path> tasks = Files.list(PROC.resolve("self/task"))) {
            for (Path task : tasks.sorted().toList()) {
                try {
                    out.put(Long.parseLong(task.getFileName().toString()), parse(allowedList(task.resolve("status"))));
                } catch (IllegalStateException | NumberFormatException gone) {
                    // the thread ended between the listing and the read
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc/self/task: " + e.getMessage(), e);
        }
        return out;
    }

    /** The name the kernel knows thread {@code tid} of this process by (its first 15 characters); "?" when gone. */
    public static String threadName(long tid) {
        try {
            return Files.readString(PROC.resolve("self/task/" + tid + "/comm"), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "?";
        }
    }

    /** Parses a CPU list as the kernel and taskset write it: "0-2,5" is 0, 1, 2 and 5. */
    public static List<Integer> parse(String list) {
        TreeSet<Integer> cpus = new TreeSet<>();
        for (String part : list.strip().split(",")) {
            if (part.isBlank()) {
                continue;
            }
            String[] range = part.strip().split("-");
            int from = Integer.parseInt(range[0].strip());
            int to = range.length > 1 ? Integer.parseInt(range[1].strip()) : from;
            if (from < 0 || to < from) {
                throw new IllegalArgumentException("not a CPU list: '" + list + "'");
            }
            for (int c = from; c <= to; c++) {
                cpus.add(c);
            }
        }
        if (cpus.isEmpty()) {
            throw new IllegalArgumentException("an empty CPU list: '" + list + "'");
        }
        return List.copyOf(cpus);
    }

    /** Writes a CPU list as taskset reads it: "0,1,3". */
    public static String format(List<Integer> cpus) {
        return String.join(",", cpus.stream().map(String::valueOf).toList());
    }

    private static String allowedList(Path status) {
        try {
            for (String line : Files.readAllLines(status, StandardCharsets.UTF_8)) {
                if (line.startsWith("Cpus_allowed_list:")) {
                    return line.substring("Cpus_allowed_list:".length()).strip();
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + status + ": " + e.getMessage(), e);
        }
        throw new IllegalStateException(status + " has no Cpus_allowed_list");
    }

    private static void taskset(List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add("taskset");
        command.addAll(arguments);
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run taskset (" + e.getMessage() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running taskset", e);
        }
    }
}
