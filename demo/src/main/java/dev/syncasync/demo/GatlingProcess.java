package dev.syncasync.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One Gatling JVM that runs the demo's simulations for one topology, one after another
 * (later ones on a warm JIT), through the gatling module's {@code RunSimulation}. The load
 * generator gets its own JVM so it neither shares a heap nor a JIT with the servers it
 * measures. Its console goes to a log file; its progress lines reach the caller.
 */
final class GatlingProcess {

    /** The JVM options Gatling's own launchers use, plus what JDK 22+ asks for. */
    private static final List<String> JVM_OPTIONS = List.of("-Xmx1G", "-XX:MaxInlineLevel=20", "-XX:MaxTrivialSize=12",
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED",
            "--enable-native-access=ALL-UNNAMED");

    /** What one simulation run produced. */
    record Result(String simulation, int status, Path report) {
    }

    private GatlingProcess() {
    }

    /**
     * The simulations' classpath: the gatling module's runner archive (a declared dependency of
     * this module's POM), which its package phase unpacks to {@code demo/target/gatling/lib}; or a
     * clear error when it is not built.
     */
    static List<Path> classpath(Path home) {
        Path lib = home.resolve("demo/target/gatling/lib");
        if (!Files.isDirectory(lib)) {
            throw new IllegalStateException("the Gatling simulations are not built (" + lib + " is missing): run "
                    + "./mvnw package, or ./lab demo from the project's root so it builds them");
        }
        return List.of(lib.resolve("*"));
    }

    /**
     * Runs {@code scenarios} against the lab at {@code baseUrl}/{@code adminUrl}, writing reports
     * under {@code results}, the console to {@code log}, and telling {@code progress} each
     * line that starts with {@code lab:}.
     */
    static List<Result> run(Path home, List<Scenario> scenarios, String baseUrl, String adminUrl, Path results, Path log,
                            Consumer<String> progress) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        if (Runtime.version().feature() >= 23) {
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.add("-DbaseUrl=" + baseUrl);
        command.add("-DadminUrl=" + adminUrl);
        command.add("-cp");
        command.add(String.join(java.io.File.pathSeparator, classpath(home).stream().map(Path::toString).toList()));
        command.add("dev.syncasync.gatling.RunSimulation");
        command.add("--results");
        command.add(results.toString());
        scenarios.forEach(s -> command.addAll(s.arguments()));

        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<Result> out = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
             PrintWriter logWriter = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                logWriter.println(line);
                if (line.startsWith("lab-result ")) {
                    String[] parts = line.split(" ", 4);
                    out.add(new Result(parts[1], Integer.parseInt(parts[2]), parts[3].equals("-") ? null : Path.of(parts[3])));
                } else if (line.startsWith("lab: ") && !line.startsWith("lab: expect ")) {
                    progress.accept(line.substring(5));
                } else if (line.contains("could not run")) {
                    progress.accept(line);
                }
            }
        } finally {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        if (out.size() != scenarios.size()) {
            progress.accept(String.format(Locale.ROOT, "Gatling ran %d of %d simulations; its console is in %s",
                    out.size(), scenarios.size(), log));
        }
        return out;
    }
}
