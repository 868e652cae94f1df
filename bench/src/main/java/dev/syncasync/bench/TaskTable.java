package dev.syncasync.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The seed's table of a million tasks (coroutines 7 s and 1112 MB, threads 44 s and 2660 MB,
 * processes 379 s), in Java: N tasks that each wait, as virtual threads, as timers on one event
 * loop, as platform threads (bounded, then scaled up to N) and as JVM processes (a few, then
 * scaled up), each kind measured in a fresh JVM: creation time until every task waits, and
 * the resident memory it added.
 *
 * @param n         tasks per kind, N
 * @param threads   most platform threads started (the rest is extrapolated)
 * @param processes JVMs started (the rest is extrapolated)
 * @param sleepMs   how long each task would wait: longer than any run, so none finishes early
 */
record TaskTable(long n, int threads, int processes, long sleepMs) {

    /** Runs the four kinds one after another and returns their results, in the table's order. */
    List<TaskResult> measure(java.util.function.Consumer<String> progress) throws IOException, InterruptedException {
        List<TaskResult> results = new ArrayList<>();
        int all = (int) Math.min(n, Integer.MAX_VALUE);
        progress.accept("virtual threads: starting " + String.format(Locale.ROOT, "%,d", all));
        results.add(inChild(TaskKind.VIRTUAL, all, heapMb(all, 6)));
        progress.accept("event-loop timers: setting " + String.format(Locale.ROOT, "%,d", all));
        results.add(inChild(TaskKind.TIMERS, all, heapMb(all, 2)));
        int bounded = (int) Math.min(n, threads);
        progress.accept("platform threads: starting " + String.format(Locale.ROOT, "%,d", bounded));
        results.add(inChild(TaskKind.PLATFORM, bounded, 256));
        int jvms = (int) Math.min(n, processes);
        progress.accept("processes: starting " + jvms + " JVMs");
        results.add(jvms(jvms));
        return results;
    }

    /** A heap that holds {@code count} tasks of about {@code kib} KiB each, with room for the collector. */
    private static int heapMb(int count, int kib) {
        return (int) Math.min(16_384, Math.max(256, (long) count * kib / 1024));
    }

    private TaskResult inChild(TaskKind kind, int create, int heapMb) throws IOException, InterruptedException {
        Path err = Files.createTempFile("lab-tasks-", ".log");
        try {
            // The whole heap reserved up front (-Xms = -Xmx): no resizing while the tasks start; the resident set
            // still grows only by the pages the tasks touch.
            Process child = new ProcessBuilder(java(), "-XX:+UseSerialGC", "-Xms" + heapMb + "m", "-Xmx" + heapMb + "m",
                    "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                    TaskRun.class.getName(), kind.name(), Integer.toString(create), Long.toString(n),
                    Long.toString(sleepMs))
                    .redirectError(err.toFile()).start();
            String json = null;
            try (BufferedReader out = reader(child)) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.startsWith("{")) {
                        json = line;
                    }
                }
            }
            if (!child.waitFor(5, TimeUnit.MINUTES) || json == null) {
                child.destroyForcibly();
                throw new IllegalStateException(kind.label() + ": the child JVM gave no result (exit "
                        + (child.isAlive() ? "none" : child.exitValue()) + "): " + tail(err));
            }
            return TaskResult.parse(json);
        } finally {
            Files.deleteIfExists(err);
        }
    }

    /** {@code count} JVMs, each its own runtime, started at once; ready when each has said so. */
    private TaskResult jvms(int count) throws IOException {
        List<Process> children = new ArrayList<>();
        try {
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                children.add(new ProcessBuilder(java(), "-XX:+UseSerialGC", "-Xmx64m", "-cp",
                        System.getProperty("java.class.path"), TaskRun.class.getName(), "sleep", Long.toString(sleepMs))
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start());
            }
            for (Process child : children) {
                String line = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))
                        .readLine();
                if (!"ready".equals(line)) {
                    throw new IllegalStateException("a task JVM did not start (pid " + child.pid() + ")");
                }
            }
            long nanos = System.nanoTime() - start;
            long rss = children.stream().mapToLong(p -> Rss.of(p.pid())).sum();
            return new TaskResult(TaskKind.PROCESSES, n, count, nanos, rss, null);
        } finally {
            children.forEach(Process::destroyForcibly);
        }
    }

    private static BufferedReader reader(Process child) {
        return new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString());
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    }

    /** The table, as the seed prints it: creation time and memory for N, and what was measured. */
    String render(List<TaskResult> results) {
        StringBuilder out = new StringBuilder();
        String header = String.format(Locale.ROOT, "%-28s %12s %12s %14s %16s %10s", "kind", "measured", "took",
                "time for N", "memory for N", "per task");
        out.append(header).append('\n').append("-".repeat(header.length())).append('\n');
        boolean scaled = false;
        for (TaskResult r : results) {
            String star = r.extrapolated() ? "*" : " ";
            scaled |= r.extrapolated();
            out.append(String.format(Locale.ROOT, "%-28s %,12d %11.2fs %13s%s %15s%s %10s%n", r.kind().label(),
                    r.created(), r.nanos() / 1e9, seconds(r.seconds()), star,
                    megabytes(r.megabytes()), star, bytes(r.bytesPerTask())));
        }
        if (scaled) {
            out.append(String.format(Locale.ROOT, "* scaled linearly from the tasks measured to N = %,d, as the seed does "
                    + "for processes%n", n));
        }
        results.stream().filter(r -> r.stoppedBy() != null).forEach(r -> out.append(r.kind().label())
                .append(": the OS refused more after ").append(String.format(Locale.ROOT, "%,d", r.created()))
                .append(" (").append(r.stoppedBy()).append(")\n"));
        return out.toString();
    }

    private static String seconds(double s) {
        return s >= 100 ? String.format(Locale.ROOT, "%,.0f s", s) : String.format(Locale.ROOT, "%.2f s", s);
    }

    /** MB as the seed prints it, up to 100,000; GB and TB beyond, where a count of MB no longer reads. */
    private static String megabytes(double mb) {
        if (mb >= 1024.0 * 1024 * 10) {
            return String.format(Locale.ROOT, "%,.1f TB", mb / (1024.0 * 1024));
        }
        return mb >= 100_000 ? String.format(Locale.ROOT, "%,.1f GB", mb / 1024) : String.format(Locale.ROOT, "%,.0f MB", mb);
    }

    private static String bytes(double b) {
        if (b >= 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MB", b / (1024 * 1024));
        }
        return b >= 1024 ? String.format(Locale.ROOT, "%.1f KB", b / 1024) : String.format(Locale.ROOT, "%.0f B", b);
    }
}
