package dev.syncasync.demo;

import dev.syncasync.report.DemoReport;
import dev.syncasync.report.DemoReport.Row;
import dev.syncasync.report.DemoReport.Stats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code ./lab demo --runs N}: the demo N times, each in a JVM of its own (started with this
 * JVM's own command line, so exactly as {@code ./lab demo} starts it), then per row the worst
 * relative error of each asserted statistic over the runs, how many runs disagreed and how
 * many were disturbed. A benchmark, not a test: it prints the table and writes it, with the
 * command and the machine, to {@code docs/fidelity.md}.
 */
final class DemoSoak {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);
    /** How long a stopped soak waits for its run's own shutdown before it kills the run. */
    private static final long STOP_WAIT_SECONDS = 30;

    /** One row's tally over the runs. */
    static final class Tally {
        final String simulation;
        final String request;
        final String topology;
        final Map<String, Double> worst = new LinkedHashMap<>();
        final java.util.Set<String> predicted = new java.util.LinkedHashSet<>();
        int runs;
        int disagreed;
        int disturbed;
        int rerun;

        Tally(Row r) {
            simulation = r.simulation();
            request = r.request();
            topology = r.topology();
        }

        void add(Row r) {
            runs++;
            predicted.addAll(r.checked());
            if (DemoReport.DISAGREES.equals(r.verdict())) {
                disagreed++;
            } else if (DemoReport.DISTURBED.equals(r.verdict())) {
                disturbed++;
            }
            if (r.attempts() > 1) {
                rerun++;
            }
            if (DemoReport.DISTURBED.equals(r.verdict())) {
                return; // a disturbed measurement says nothing about the model
            }
            for (String stat : r.checked()) {
                double e = Stats.error(pick(stat, r.predicted()), pick(stat, r.measured()));
                if (!Double.isNaN(e) && (!worst.containsKey(stat) || Math.abs(e) > Math.abs(worst.get(stat)))) {
                    worst.put(stat, e);
                }
            }
        }
    }

    private DemoSoak() {
    }

    static int run(int runs, Path resultsRoot, List<String> demoOptions) throws IOException, InterruptedException {
        Path home = Path.of(System.getProperty("lab.home", ".")).toAbsolutePath().normalize();
        Path dir = resultsRoot.resolve("soak-" + LocalDateTime.now().format(STAMP)).toAbsolutePath();
        Files.createDirectories(dir);
        String command = "./lab demo --runs " + runs + (demoOptions.isEmpty() ? "" : " " + String.join(" ", demoOptions));
        System.out.println("sync-async lab soak: the demo " + runs + " times, each in its own JVM; results in " + dir);
        String loadBefore = Placement.loadAverage();
        List<Integer> exits = new ArrayList<>();
        List<Double> seconds = new ArrayList<>();
        List<RowsFile.Contents> contents = new ArrayList<>();
        for (int i = 1; i <= runs; i++) {
            Path runDir = dir.resolve("run-" + i);
            Files.createDirectories(runDir);
            long start = System.nanoTime();
            int exit = runOnce(runDir);
            seconds.add((System.nanoTime() - start) / 1e9);
            exits.add(exit);
            Path rows = rowsFile(runDir);
            contents.add(rows == null ? null : RowsFile.read(rows));
            System.out.printf(Locale.ROOT, "soak: run %d of %d exited %d (%s) in %.0f s%n", i, runs, exit, meaning(exit),
                    seconds.get(seconds.size() - 1));
        }
        String markdown = markdown(command, runs, exits, seconds, contents, loadBefore, Placement.loadAverage());
        Path doc = home.resolve("docs/fidelity.md");
        Files.writeString(doc, markdown);
        System.out.println();
        System.out.print(markdown);
        System.out.println("written to " + doc);
        return exits.stream().anyMatch(e -> e == 1 || e == 2) ? 1 : exits.stream().anyMatch(e -> e == Demo.DISTURBED)
                ? Demo.DISTURBED : 0;
    }

    /** One demo in a JVM of its own: this JVM's command line, with the demo's results in {@code runDir}. */
    private static int runOnce(Path runDir) throws IOException, InterruptedException {
        ProcessHandle.Info info = ProcessHandle.current().info();
        List<String> command = new ArrayList<>();
        command.add(info.command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        List<String> arguments = List.of(info.arguments().orElseThrow(() -> new IllegalStateException(
                "cannot read this JVM's command line to start the runs")));
        int demo = arguments.indexOf("demo");
        if (demo < 0) {
            throw new IllegalStateException("this JVM was not started as './lab demo': " + arguments);
        }
        command.addAll(arguments.subList(0, demo + 1));
        List<String> rest = new ArrayList<>(arguments.subList(demo + 1, arguments.size()));
        for (String option : List.of("--runs", "--results")) {
            int at = rest.indexOf(option);
            if (at >= 0) {
                rest.remove(at + 1);
                rest.remove(at);
            }
            rest.removeIf(a -> a.startsWith(option + "="));
        }
        command.addAll(rest);
        command.addAll(List.of("--results", runDir.toString()));
        Process p = new ProcessBuilder(command).inheritIO().start();
        // Stopping the soak (Ctrl-C, SIGTERM) stops the run in progress too, through its own clean
        // shutdown (it stops its lab and Gatling): a JVM's children outlive it otherwise.
        Thread stop = new Thread(() -> {
            p.destroy();
            try {
                if (!p.waitFor(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
            }
        }, "demo-soak-stop");
        Runtime.getRuntime().addShutdownHook(stop);
        try {
            return p.waitFor();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stop);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running: it stops the run.
            }
        }
    }

    private static Path rowsFile(Path runDir) throws IOException {
        try (Stream<Path> s = Files.walk(runDir, 2)) {
            return s.filter(p -> p.getFileName().toString().equals("rows.json")).findFirst().orElse(null);
        }
    }

    private static String meaning(int exit) {
        return switch (exit) {
            case 0 -> "every row agrees";
            case 1 -> "a row disagrees or could not run";
            case Demo.DISTURBED -> "no disagreement, some rows disturbed";
            default -> "could not run";
        };
    }

    /** The per-row tally over every run that wrote its rows. */
    static List<Tally> tally(List<RowsFile.Contents> runs) {
        Map<String, Tally> tallies = new LinkedHashMap<>();
        for (RowsFile.Contents run : runs) {
            if (run == null) {
                continue;
            }
            for (Row r : run.rows()) {
                tallies.computeIfAbsent(r.simulation() + "|" + r.request() + "|" + r.topology(), k -> new Tally(r)).add(r);
            }
        }
        return List.copyOf(tallies.values());
    }

    static String markdown(String command, int runs, List<Integer> exits, List<Double> seconds,
                           List<RowsFile.Contents> contents, String loadBefore, String loadAfter) {
        List<Tally> tallies = tally(contents);
        StringBuilder md = new StringBuilder();
        md.append("# Fidelity: the demo's rows against their models, run after run\n\n");
        md.append("Written by `").append(command).append("` on ")
                .append(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)))
                .append(". Every row's asserted statistics (`*` in the demo's table) against the model of ")
                .append("[docs/theory.md](theory.md), with parameters measured in the same run before the scenario; ")
                .append("a band is +-15% (plus two measured round trips under 100 ms). A run the disturbance guard ")
                .append("found disturbed in every attempt counts as disturbed, not as agreeing, and its errors are left ")
                .append("out of the worst ones.\n\n");
        String machine = contents.stream().filter(c -> c != null).map(RowsFile.Contents::machine).findFirst().orElse("?");
        md.append("- Machine: ").append(machine).append('\n');
        md.append("- Load average (1, 5, 15 min) before: ").append(loadBefore).append("; after: ").append(loadAfter).append('\n');
        long clean = exits.stream().filter(e -> e == 0).count();
        long disturbedRuns = exits.stream().filter(e -> e == Demo.DISTURBED).count();
        long failedRuns = exits.stream().filter(e -> e == 1 || e == 2).count();
        md.append(String.format(Locale.ROOT, "- Runs: %d; every row agreed in %d, some row disagreed (or did not run) in %d, "
                + "no disagreement but some row disturbed in %d%n", runs, clean, failedRuns, disturbedRuns));
        md.append("- Duration per run: ").append(String.join(", ", seconds.stream()
                .map(s -> String.format(Locale.ROOT, "%.0f s", s)).toList())).append('\n');
        int reruns = contents.stream().filter(c -> c != null).mapToInt(c -> c.reruns().size()).sum();
        md.append("- Re-runs asked by the guard: ").append(reruns).append('\n');
        for (int i = 0; i < contents.size(); i++) {
            if (contents.get(i) != null && !contents.get(i).reruns().isEmpty()) {
                md.append("  - run ").append(i + 1).append(": ").append(RowsFile.tallyReruns(contents.get(i).reruns()))
                        .append(" (each with what the guard saw: that run's report, notes)\n");
            }
        }
        md.append("\n| simulation | request | pool | worst p50 | worst p95 | worst max | worst req/s | runs | disagreed | disturbed | re-run |\n");
        md.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Tally t : tallies) {
            md.append("| ").append(t.simulation).append(" | ").append(t.request).append(" | ").append(t.topology);
            for (String stat : List.of("p50", "p95", "max", "throughput")) {
                Double e = t.worst.get(stat);
                md.append(" | ").append(e != null ? String.format(Locale.ROOT, "%+.1f%%", e * 100)
                        : t.predicted.contains(stat) ? "disturbed" : "-");
            }
            md.append(" | ").append(t.runs).append(" | ").append(t.disagreed).append(" | ").append(t.disturbed)
                    .append(" | ").append(t.rerun).append(" |\n");
        }
        md.append("\n\"worst\" is the largest relative error (measured - theory) / theory of that statistic over the runs ")
                .append("that were not disturbed (\"disturbed\": every run was); \"-\" means the model predicts no such ")
                .append("statistic (nothing is printed or asserted for it). \"re-run\": runs in which the guard had the row's simulation run again.\n");
        return md.toString();
    }

    private static double pick(String stat, Stats s) {
        return switch (stat) {
            case "p50" -> s.p50();
            case "p95" -> s.p95();
            case "max" -> s.max();
            default -> s.throughput();
        };
    }
}
