package dev.syncasync.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * {@code ./lab bench --vs haproxy [OPTIONS]}: the balancer against HAProxy, side by side in one
 * run on the same two async workers ({@code scripts/bench-vs-haproxy.py}, whose options it
 * passes on unchanged: {@code --rounds}, {@code --duration}, {@code --conns}, {@code --write-doc
 * docs/benchmarks.md}, ...). It needs {@code python3}, {@code haproxy}, {@code wrk} and
 * {@code hey} on the PATH (Debian packages of those names); without one it says which and exits 2.
 */
final class BenchVsHaproxy {

    /** The programs the script runs. */
    static final List<String> NEEDED = List.of("python3", "haproxy", "wrk", "hey");
    static final String SCRIPT = "scripts/bench-vs-haproxy.py";

    private BenchVsHaproxy() {
    }

    /** True for a command line this class runs: {@code bench} with a {@code --vs} option. */
    static boolean handles(String[] args) {
        if (args.length == 0 || !args[0].equals("bench")) {
            return false;
        }
        for (String a : args) {
            if (a.equals("--vs") || a.startsWith("--vs=")) {
                return true;
            }
        }
        return false;
    }

    /** Runs the comparison from the project's root {@code home}; returns the exit code. */
    static int run(String[] args, Path home, Predicate<String> onPath, PrintStream err) {
        List<String> rest = new ArrayList<>();
        String vs = null;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--vs")) {
                vs = i + 1 < args.length ? args[++i] : "";
            } else if (a.startsWith("--vs=")) {
                vs = a.substring("--vs=".length());
            } else {
                rest.add(a);
            }
        }
        if (!"haproxy".equals(vs)) {
            err.println("lab bench: --vs takes 'haproxy' (the only comparison there is), got '" + vs + "'");
            return 2;
        }
        List<String> missing = NEEDED.stream().filter(onPath.negate()).toList();
        if (!missing.isEmpty()) {
            err.println("lab bench --vs haproxy: " + String.join(", ", missing) + (missing.size() == 1 ? " is" : " are")
                    + " not on the PATH; install " + (missing.size() == 1 ? "it" : "them")
                    + " (Debian: apt-get install " + String.join(" ", missing) + ")");
            return 2;
        }
        Path script = home.resolve(SCRIPT);
        if (!Files.isRegularFile(script)) {
            err.println("lab bench --vs haproxy: " + script + " is missing (run ./lab from the project's root)");
            return 2;
        }
        List<String> command = new ArrayList<>(List.of("python3", script.toString()));
        command.addAll(rest);
        try {
            return new ProcessBuilder(command).directory(home.toFile()).inheritIO().start().waitFor();
        } catch (IOException e) {
            err.println("lab bench --vs haproxy: could not start " + command + ": " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    /** True when {@code program} is an executable file in one of the PATH's directories. */
    static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
